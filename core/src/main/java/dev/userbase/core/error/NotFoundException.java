package dev.userbase.core.error;

/** The addressed user or item does not exist (or is not visible to the caller). */
public class NotFoundException extends UserServiceException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String detail) {
        super(ErrorKind.NOT_FOUND, detail);
    }
}
