package dev.userbase.core.error;

/** The change conflicts with the current state (for example, an email address another user holds). */
public class ConflictException extends UserServiceException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String detail) {
        super(ErrorKind.CONFLICT, detail);
    }

    public ConflictException(String detail, Throwable cause) {
        super(ErrorKind.CONFLICT, detail, cause);
    }
}
