package dev.userbase.triggers;

/**
 * The exception a trigger throws to refuse or fail a Cognito operation. Cognito shows its message
 * to the person signing up or in ({@code PreSignUp failed with error <message>.}), so the message
 * is always written for them and never carries internal detail; the cause is logged, not attached.
 */
final class TriggerFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TriggerFailure(String message) {
        // no stack trace: the Lambda runtime would print it for an outcome that is not a bug
        super(message, null, false, false);
    }
}
