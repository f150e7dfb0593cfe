package dev.userbase.core.error;

import java.util.List;

/** The request is malformed or breaks a rule; {@link #fieldErrors()} says which fields and why. */
public class InvalidInputException extends UserServiceException {

    private static final long serialVersionUID = 1L;

    public InvalidInputException(String detail) {
        super(ErrorKind.INVALID_INPUT, detail);
    }

    public InvalidInputException(String detail, List<FieldError> fieldErrors) {
        super(ErrorKind.INVALID_INPUT, detail, fieldErrors, null);
    }

    public static InvalidInputException forField(String field, String message) {
        return new InvalidInputException(message, List.of(new FieldError(field, message)));
    }
}
