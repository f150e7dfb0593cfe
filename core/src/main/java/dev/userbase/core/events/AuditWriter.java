package dev.userbase.core.events;

import java.time.Instant;
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
import dev.userbase.core.storage.RetryPolicy;
import dev.userbase.core.storage.Sleeper;
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

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final RetryPolicy unprocessed;

    public AuditWriter(DynamoDbClient dynamoDb, String table, Sleeper sleeper) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.unprocessed = RetryPolicy.auditWrites().withSleeper(sleeper);
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
        Instant start = unprocessed.start();
        for (int attempt = 1; ; attempt++) {
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(BatchWriteItemRequest.builder()
                    .requestItems(Map.of(table, requests)).build());
            List<WriteRequest> left = response.hasUnprocessedItems()
                    ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
            if (left.isEmpty()) {
                return Set.of();
            }
            if (!unprocessed.pauseBefore(attempt + 1, start)) {
                Set<String> failed = new HashSet<>();
                left.forEach(r -> failed.add(r.putRequest().item().get(AuditEntry.EVENT_ID).s()));
                return failed;
            }
            requests = left;
        }
    }
}
