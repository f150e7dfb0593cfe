package dev.userbase.core.error;

import java.time.Duration;
import java.util.Objects;

/** The caller used up their allowance of an operation; they may try again after {@link #retryAfter()}. */
public class RateLimitedException extends UserServiceException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public RateLimitedException(String detail, Duration retryAfter) {
        super(ErrorKind.TOO_MANY_REQUESTS, detail);
        Objects.requireNonNull(retryAfter, "retryAfter");
        // whole seconds, at least one: what a Retry-After header can say
        this.retryAfter = Duration.ofSeconds(Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0)));
    }

    /** How long until the next attempt can succeed (whole seconds, at least one). */
    public Duration retryAfter() {
        return retryAfter;
    }
}
