package dev.userbase.core.email;

import java.util.List;

import dev.userbase.core.error.FieldError;
import dev.userbase.core.error.InvalidInputException;

/** Not an email address this service accepts; the message says why, in words an end user can read. */
public class InvalidEmailException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    public InvalidEmailException(String message) {
        super(message, List.of(new FieldError("email", message)));
    }
}
