package dev.userbase.api.testing;

/** A signed-in person in a test: what their token's claims say. */
public record TestUser(String sub, String userName, String email, boolean admin) {

    public static TestUser of(String sub, String email) {
        return new TestUser(sub, sub, email, false);
    }

    public static TestUser admin(String sub, String email) {
        return new TestUser(sub, sub, email, true);
    }
}
