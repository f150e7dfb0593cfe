package dev.userbase.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.model.IdempotencyLink;
import dev.userbase.core.store.IdempotencyRecords;
import software.amazon.lambda.powertools.idempotency.IdempotencyConfig;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemAlreadyExistsException;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyItemNotFoundException;
import software.amazon.lambda.powertools.idempotency.persistence.BasePersistenceStore;
import software.amazon.lambda.powertools.idempotency.persistence.DataRecord;
import software.amazon.lambda.powertools.idempotency.persistence.DynamoDBPersistenceStore;

/**
 * Powertools' DynamoDB persistence store, with one addition: before a completed record (whose
 * saved response names the created user) is written, an {@link IdempotencyLink} is put in the
 * user's partition, so the erasure can find and delete the record, whose key is a hash of the
 * admin's {@code Idempotency-Key} and cannot be derived from the user. Powertools 1.15 has no
 * response hook; the store's {@code updateRecord} is the one place that sees both the record's key
 * and its response. Everything else is the DynamoDB store's, configured alike.
 */
final class LinkingPersistenceStore extends BasePersistenceStore {

    private final DynamoDBPersistenceStore delegate;
    private final IdempotencyRecords records;

    LinkingPersistenceStore(DynamoDBPersistenceStore delegate, IdempotencyRecords records) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.records = Objects.requireNonNull(records, "records");
    }

    @Override
    public void configure(IdempotencyConfig config, String functionName) {
        super.configure(config, functionName);
        delegate.configure(config, functionName); // it writes the validation hash only if configured to
    }

    @Override
    public DataRecord getRecord(String idempotencyKey) throws IdempotencyItemNotFoundException {
        return delegate.getRecord(idempotencyKey);
    }

    @Override
    public void putRecord(DataRecord record, Instant now) throws IdempotencyItemAlreadyExistsException {
        delegate.putRecord(record, now); // in progress: no response yet, nothing about the user
    }

    @Override
    public void updateRecord(DataRecord record) {
        String userId = userIdOf(record.getResponseData());
        IdempotencyLink link = new IdempotencyLink(userId, record.getIdempotencyKey(),
                Instant.ofEpochSecond(record.getExpiryTimestamp()));
        records.link(link);
        delegate.updateRecord(record);
        records.undoIfErasing(link);
    }

    @Override
    public void deleteRecord(String idempotencyKey) {
        delegate.deleteRecord(idempotencyKey);
    }

    private static String userIdOf(String responseData) {
        try {
            JsonNode response = dev.userbase.api.http.Json.MAPPER.readTree(responseData);
            String userId = response.path("userId").asText(null);
            if (userId == null || userId.isBlank()) {
                throw new IllegalStateException("a completed user creation's response names no user");
            }
            return userId;
        } catch (IOException e) {
            throw new UncheckedIOException("a completed user creation's response is not JSON", e);
        }
    }
}
