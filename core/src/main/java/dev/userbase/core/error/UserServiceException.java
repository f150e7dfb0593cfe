package dev.userbase.core.error;

import java.util.List;
import java.util.Objects;

/**
 * A failure the caller can act on. {@link #getMessage()} is written for the caller and is safe to
 * return to a client: it never carries internal details (those go to the cause and the logs).
 */
public class UserServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final transient List<FieldError> fieldErrors;

    public UserServiceException(ErrorKind kind, String detail) {
        this(kind, detail, List.of(), null);
    }

    public UserServiceException(ErrorKind kind, String detail, Throwable cause) {
        this(kind, detail, List.of(), cause);
    }

    public UserServiceException(ErrorKind kind, String detail, List<FieldError> fieldErrors, Throwable cause) {
        super(detail, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The caller-safe explanation. */
    public String detail() {
        return getMessage();
    }

    public List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
