package dev.userbase.core.model;

/** An item read from the table (or a stream image) does not have the shape its type requires. */
public class MalformedItemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedItemException(String message) {
        super(message);
    }
}
