package dev.userbase.core.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.model.ActorLink;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.Keys;
import dev.userbase.core.storage.RetryPolicy;
import dev.userbase.core.storage.Sleeper;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes audit entries, 25 to a BatchWriteItem, retrying what DynamoDB leaves unprocessed, then
 * the links of the entries that name another person as their actor. An entry's key is derived from
 * its event (time and event id), and its link's from the entry's, so writing them again on a
 * redelivered record rewrites the same items: no duplicates.
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

    /**
     * Writes the entries, then the {@link ActorLink}s of those written (an entry before its link:
     * {@link dev.userbase.core.store.AuditTrail}); returns the event ids of the entries that could not
     * be written with their link.
     */
    public Set<String> write(List<AuditEntry> entries) {
        Map<Map<String, AttributeValue>, AuditEntry> byKey = new LinkedHashMap<>();
        entries.forEach(entry -> byKey.putIfAbsent(entry.key(), entry)); // a batch may not name one key twice
        List<AuditEntry> unique = new ArrayList<>(byKey.values());
        Set<String> failed = write(unique, AuditEntry::toItem);
        List<AuditEntry> linked = unique.stream()
                .filter(entry -> !failed.contains(entry.eventId()) && ActorLink.of(entry).isPresent()).toList();
        failed.addAll(write(linked, entry -> ActorLink.of(entry).orElseThrow().toItem()));
        return failed;
    }

    /** Writes an item per entry, 25 to a batch; returns the event ids of the entries whose item was not written. */
    private Set<String> write(List<AuditEntry> entries, Function<AuditEntry, Map<String, AttributeValue>> item) {
        Set<String> failed = new HashSet<>();
        for (int from = 0; from < entries.size(); from += BATCH) {
            List<AuditEntry> chunk = entries.subList(from, Math.min(entries.size(), from + BATCH));
            try {
                failed.addAll(writeChunk(chunk, item));
            } catch (RuntimeException e) {
                LOG.warn("audit entries not written: {}", e.toString());
                chunk.forEach(entry -> failed.add(entry.eventId()));
            }
        }
        return failed;
    }

    private Set<String> writeChunk(List<AuditEntry> chunk, Function<AuditEntry, Map<String, AttributeValue>> item) {
        Map<Map<String, AttributeValue>, String> eventIds = new HashMap<>();
        List<WriteRequest> requests = new ArrayList<>();
        for (AuditEntry entry : chunk) {
            Map<String, AttributeValue> written = item.apply(entry);
            eventIds.put(Keys.key(written.get(UsersTable.PK).s(), written.get(UsersTable.SK).s()), entry.eventId());
            requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(written).build()).build());
        }
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
                left.forEach(r -> {
                    Map<String, AttributeValue> written = r.putRequest().item();
                    failed.add(eventIds.get(Keys.key(written.get(UsersTable.PK).s(), written.get(UsersTable.SK).s())));
                });
                return failed;
            }
            requests = left;
        }
    }
}
