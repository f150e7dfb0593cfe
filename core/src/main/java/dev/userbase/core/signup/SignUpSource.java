package dev.userbase.core.signup;

/** How a new Cognito user came to be; each maps to one {@code PreSignUp_*} trigger source. */
public enum SignUpSource {
    /** Self-service sign-up ({@code SignUp} API or managed login). */
    SIGN_UP,
    /** An administrator created the user ({@code AdminCreateUser}, used by {@code POST /users}). */
    ADMIN_CREATE_USER,
    /** First sign-in through an external identity provider (Google, Facebook, SAML, OIDC…). */
    EXTERNAL_PROVIDER
}
