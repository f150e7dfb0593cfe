package dev.userbase.api.testing;

/** The people most API ITs act as, each signed up (Cognito user, profile, email guard) with a display name. */
public enum Person {
    ANN(TestUser.of("ann-sub", "ann@example.com"), "Ann Example"),
    BOB(TestUser.of("bob-sub", "bob@example.com"), "Bob Builder"),
    ADMIN(TestUser.admin("admin-sub", "admin@example.com"), "Admin admin-sub");

    private final TestUser user;
    private final String displayName;

    Person(TestUser user, String displayName) {
        this.user = user;
        this.displayName = displayName;
    }

    public TestUser user() {
        return user;
    }

    /** Signs this person up in {@code api}, as {@link TestApi#user(TestUser, String)} does. */
    public TestUser signUp(TestApi api) {
        return api.user(user, displayName);
    }
}
