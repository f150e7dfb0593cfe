package dev.userbase.core.signup;

/**
 * What PreSignUp answers Cognito when it lets a sign-up through.
 *
 * @param autoConfirmUser confirm the user without a verification code
 * @param autoVerifyEmail mark the email address verified
 */
public record SignUpDecision(Outcome outcome, boolean autoConfirmUser, boolean autoVerifyEmail) {

    public enum Outcome {
        /** The address is now reserved (PENDING) for this userName. */
        RESERVED,
        /** The federated identity was linked to the existing native user that owns the address. */
        LINKED
    }

    public static SignUpDecision reserved(boolean trustedEmail) {
        return new SignUpDecision(Outcome.RESERVED, trustedEmail, trustedEmail);
    }

    public static SignUpDecision linked() {
        return new SignUpDecision(Outcome.LINKED, true, true);
    }
}
