package dev.userbase.api.testing;

/** Someone most API ITs act as, signed up (Cognito user, profile, email guard) under a display name. */
public record Person(TestUser user, String displayName) {

    public static final Person ANN = new Person(TestUser.of("ann-sub", "ann@example.com"), "Ann Example");
    public static final Person BOB = new Person(TestUser.of("bob-sub", "bob@example.com"), "Bob Builder");
    public static final Person ADMIN = new Person(TestUser.admin("admin-sub", "admin@example.com"), "Admin admin-sub");

    /** Signs this person up in {@code api}, as {@link TestApi#user(TestUser, String)} does. */
    public TestUser signUp(TestApi api) {
        return api.user(user, displayName);
    }
}
