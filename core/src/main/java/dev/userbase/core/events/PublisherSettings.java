package dev.userbase.core.events;

import java.time.Duration;

/**
 * How hard the change stream tries before it gives a record back to Lambda.
 *
 * @param maxAttempts attempts per event (a whole-call failure counts for every entry in the call)
 * @param firstBackoff pause before the first retry; doubles each time, with jitter, up to {@code maxBackoff}
 * @param deadlineMargin stop retrying this long before the invocation's deadline, to answer Lambda in time
 * @param claimLifetime how long an idempotency claim holds if its holder dies: longer than one PutEvents
 *     call can take (the EventBridge client's call timeout), short enough that a retry of a crashed
 *     invocation can wait for it instead of failing the record again
 */
public record PublisherSettings(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration deadlineMargin,
        Duration claimLifetime) {

    public PublisherSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    public static PublisherSettings defaults() {
        return new PublisherSettings(4, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofSeconds(20));
    }

    public Duration backoff(int attempt) {
        long millis = firstBackoff.toMillis() << Math.min(Math.max(attempt - 1, 0), 10);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
