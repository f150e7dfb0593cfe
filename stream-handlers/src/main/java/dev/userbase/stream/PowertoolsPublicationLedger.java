package dev.userbase.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.userbase.core.events.PublicationLedger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.lambda.powertools.idempotency.IdempotencyConfig;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemAlreadyExistsException;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemNotFoundException;
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;
import software.amazon.lambda.powertools.idempotency.persistence.DataRecord;
import software.amazon.lambda.powertools.idempotency.persistence.DynamoDBPersistenceStore;

/**
 * Powertools idempotency (1.15.0, DynamoDB persistence store on the idempotency table), driven
 * through its persistence-store API rather than the {@code @Idempotent} annotation: the unit of
 * idempotency is one event, and a batch publishes many events per PutEvents call, which a method
 * annotation cannot express. Records use Powertools' own schema and keys
 * ({@code <function>.ChangeStreamHandler#<md5 of the event id>}), so the table and its TTL are the
 * standard ones.
 *
 * <p>Powertools 1.15.0 compares an in-progress record's expiry (epoch milliseconds) with the current
 * time in seconds, so it never takes over the claim of an attempt that died. This ledger does: a
 * claim whose in-progress expiry has passed is deleted and made again.
 */
final class PowertoolsPublicationLedger implements PublicationLedger {

    static final String FUNCTION = "ChangeStreamHandler";
    private static final String PUBLISHED = "published";
    private static final int ATTEMPTS = 3;

    private final BasePersistenceStore store;

    PowertoolsPublicationLedger(DynamoDbClient dynamoDb, String table, Duration window) {
        DynamoDBPersistenceStore persistence = DynamoDBPersistenceStore.builder()
                .withTableName(table)
                .withDynamoDbClient(dynamoDb)
                .build();
        persistence.configure(IdempotencyConfig.builder().withExpiration(window).build(), FUNCTION);
        this.store = persistence;
    }

    @Override
    public ClaimResult claim(String eventId, Instant now, Instant lapsesAt) {
        JsonNode key = TextNode.valueOf(eventId);
        long remaining = Math.max(0, Duration.between(now, lapsesAt).toMillis());
        OptionalInt inFlight = OptionalInt.of((int) Math.min(Integer.MAX_VALUE, remaining));
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                store.saveInProgress(key, now, inFlight);
                return ClaimResult.CLAIMED;
            } catch (IdempotencyItemAlreadyExistsException exists) {
                DataRecord record;
                try {
                    record = store.getRecord(key, now);
                } catch (IdempotencyItemNotFoundException gone) {
                    continue; // deleted between the two calls: claim again
                }
                if (record.isExpired(now)) {
                    store.deleteRecord(key, exists); // past the idempotency window
                    continue;
                }
                // the saved response tells a completed record; DataRecord.getStatus() would consult the wall clock
                if (PUBLISHED.equals(record.getResponseData())) {
                    return ClaimResult.ALREADY_PUBLISHED;
                }
                if (record.getInProgressExpiryTimestamp().isEmpty()) {
                    return ClaimResult.inFlightUntil(null);
                }
                Instant claimLapses = Instant.ofEpochMilli(record.getInProgressExpiryTimestamp().getAsLong());
                if (claimLapses.isBefore(now)) {
                    store.deleteRecord(key, exists); // the attempt that claimed it died before finishing
                    continue;
                }
                return ClaimResult.inFlightUntil(claimLapses);
            }
        }
        return ClaimResult.inFlightUntil(null);
    }

    @Override
    public void published(String eventId, Instant now) {
        store.saveSuccess(TextNode.valueOf(eventId), PUBLISHED, now);
    }

    @Override
    public void release(String eventId, Throwable cause) {
        store.deleteRecord(TextNode.valueOf(eventId), cause);
    }
}
