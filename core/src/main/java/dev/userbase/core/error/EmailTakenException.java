package dev.userbase.core.error;

/** The email address belongs to (or is reserved by) another user. The message is shown to end users. */
public class EmailTakenException extends ConflictException {

    private static final long serialVersionUID = 1L;

    public static final String MESSAGE = "An account with this email already exists";

    public EmailTakenException() {
        super(MESSAGE);
    }

    public EmailTakenException(Throwable cause) {
        super(MESSAGE, cause);
    }
}
