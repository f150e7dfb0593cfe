package dev.userbase.core.error;

/** An optimistic-concurrency precondition (If-Match version) no longer holds. */
public class PreconditionFailedException extends UserServiceException {

    private static final long serialVersionUID = 1L;

    public PreconditionFailedException(String detail) {
        super(ErrorKind.PRECONDITION_FAILED, detail);
    }
}
