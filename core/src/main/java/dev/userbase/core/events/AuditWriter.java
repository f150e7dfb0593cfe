package dev.userbase.core.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.model.AuditEntry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes audit entries, 25 to a BatchWriteItem, retrying what DynamoDB leaves unprocessed. An
 * entry's key is derived from its event (time and event id), so writing it again on a redelivered
 * record rewrites the same item: no duplicates.
 */
public final class AuditWriter {

    private static final Logger LOG = LogManager.getLogger(AuditWriter.class);
    private static final int BATCH = 25;
    private static final int ATTEMPTS = 4;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final EventPublisher.Sleeper sleeper;

    public AuditWriter(DynamoDbClient dynamoDb, String table, EventPublisher.Sleeper sleeper) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Writes the entries; returns the event ids of those that could not be written. */
    public Set<String> write(List<AuditEntry> entries) {
        Map<Map<String, AttributeValue>, AuditEntry> byKey = new LinkedHashMap<>();
        entries.forEach(entry -> byKey.putIfAbsent(entry.key(), entry)); // a batch may not name one key twice
        List<AuditEntry> unique = new ArrayList<>(byKey.values());
        Set<String> failed = new HashSet<>();
        for (int from = 0; from < unique.size(); from += BATCH) {
            List<AuditEntry> chunk = unique.subList(from, Math.min(unique.size(), from + BATCH));
            try {
                failed.addAll(writeChunk(chunk));
            } catch (RuntimeException e) {
                LOG.warn("audit entries not written: {}", e.toString());
                chunk.forEach(entry -> failed.add(entry.eventId()));
            }
        }
        return failed;
    }

    private Set<String> writeChunk(List<AuditEntry> chunk) {
        List<WriteRequest> requests = chunk.stream()
                .map(entry -> WriteRequest.builder().putRequest(PutRequest.builder().item(entry.toItem()).build()).build())
                .toList();
        for (int attempt = 1; ; attempt++) {
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(BatchWriteItemRequest.builder()
                    .requestItems(Map.of(table, requests)).build());
            List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                    ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
            if (unprocessed.isEmpty()) {
                return Set.of();
            }
            if (attempt == ATTEMPTS) {
                Set<String> failed = new HashSet<>();
                unprocessed.forEach(r -> failed.add(r.putRequest().item().get(AuditEntry.EVENT_ID).s()));
                return failed;
            }
            requests = unprocessed;
            try {
                sleeper.sleep(Duration.ofMillis(50L << attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing audit entries", e);
            }
        }
    }
}
