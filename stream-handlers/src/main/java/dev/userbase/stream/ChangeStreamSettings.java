package dev.userbase.stream;

import java.time.Duration;

import dev.userbase.core.events.PublisherSettings;

/**
 * Tuning of the change stream handler.
 *
 * @param publisher retries of PutEvents entries and calls
 * @param eventBridgeAttemptTimeout one HTTP attempt of PutEvents (the SDK retries throttling and 5xx itself)
 * @param eventBridgeCallTimeout one PutEvents call, all SDK attempts included
 * @param idempotencyWindow how long a published event id is remembered (Powertools' expiration)
 * @param invocationTimeWithoutContext the deadline assumed when no Lambda context is given (local stack, tests)
 */
public record ChangeStreamSettings(
        PublisherSettings publisher,
        Duration eventBridgeAttemptTimeout,
        Duration eventBridgeCallTimeout,
        Duration idempotencyWindow,
        Duration invocationTimeWithoutContext) {

    public static ChangeStreamSettings defaults() {
        return new ChangeStreamSettings(PublisherSettings.defaults(), Duration.ofSeconds(3), Duration.ofSeconds(10),
                Duration.ofHours(1), Duration.ofSeconds(60));
    }
}
