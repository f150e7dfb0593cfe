package dev.userbase.triggers;

/** Who the Cognito event fixtures under {@code events/cognito/} are about, as the tests check them. */
final class FixtureUsers {

    /** The user who signs up, is confirmed and gets tokens (pre-sign-up, post-confirmation, pre-token-generation). */
    static final String ANN_SUB = "6f1e2d3c-4b5a-4968-8776-655443322110";
    /** Her address ({@code Ann.Lee+news@Example.com} in the events) as it is reserved, normalised. */
    static final String ANN_EMAIL = "ann.lee+news@example.com";
    /** The migrated legacy user who signs in (post-authentication). */
    static final String MIA_SUB = "0b7c9e1a-3d5f-4a60-8b2c-9d4e6f8a1b3c";

    private FixtureUsers() {
    }
}
