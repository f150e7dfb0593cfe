package dev.userbase.smoke;

/** A deployment the smoke test cannot run against (no such stack, an output missing), or a failed check. */
final class SmokeTestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SmokeTestException(String message) {
        super(message);
    }

    public SmokeTestException(String message, Throwable cause) {
        super(message, cause);
    }
}
