package dev.userbase.core.error;

/** The caller is known but may not do this (not an admin, or not ACTIVE). */
public class ForbiddenException extends UserServiceException {

    private static final long serialVersionUID = 1L;

    public ForbiddenException(String detail) {
        super(ErrorKind.FORBIDDEN, detail);
    }
}
