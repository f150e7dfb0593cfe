package dev.userbase.local.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * DynamoDB's Time to Live, which DynamoDB Local does not carry out: every interval, items whose TTL
 * attribute (epoch seconds) is in the past are deleted, each only if still expired. As in DynamoDB,
 * the deletion reaches the stream as a REMOVE; this sweeper remembers the images it deleted so the
 * stream pollers can mark those records with DynamoDB's service identity
 * ({@code userIdentity.principalId = dynamodb.amazonaws.com}), which is how consumers tell expiry
 * from a user's delete.
 */
public final class TtlSweeper implements Predicate<Record>, AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(TtlSweeper.class);
    /** How long a deletion is remembered for the pollers to recognise it. */
    private static final Duration REMEMBER = Duration.ofHours(1);

    /** A table and its TTL attribute. */
    public record TtlTable(String table, String attribute) {
    }

    private final DynamoDbClient dynamoDb;
    private final List<TtlTable> tables;
    private final Clock clock;
    private final Map<Map<String, AttributeValue>, Instant> deleted = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dynamodb-ttl");
        thread.setDaemon(true);
        return thread;
    });

    public TtlSweeper(DynamoDbClient dynamoDb, List<TtlTable> tables, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.tables = List.copyOf(tables);
        this.clock = clock;
    }

    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.warn("TTL sweep failed: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Deletes every expired item now; returns how many. */
    public int sweep() {
        Instant now = clock.instant();
        deleted.values().removeIf(at -> at.plus(REMEMBER).isBefore(now));
        int count = 0;
        for (TtlTable table : tables) {
            Map<String, AttributeValue> start = null;
            do {
                ScanResponse page = dynamoDb.scan(ScanRequest.builder()
                        .tableName(table.table())
                        .filterExpression("#ttl < :now")
                        .expressionAttributeNames(Map.of("#ttl", table.attribute()))
                        .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond()))))
                        .exclusiveStartKey(start)
                        .build());
                for (Map<String, AttributeValue> item : page.items()) {
                    if (expire(table, item, now)) {
                        count++;
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        if (count > 0) {
            LOG.info("TTL: deleted {} expired item(s)", count);
        }
        return count;
    }

    private boolean expire(TtlTable table, Map<String, AttributeValue> item, Instant now) {
        Map<String, AttributeValue> key = keyOf(table.table(), item);
        try {
            DeleteItemResponse response = dynamoDb.deleteItem(r -> r.tableName(table.table())
                    .key(key)
                    .conditionExpression("#ttl < :now")
                    .expressionAttributeNames(Map.of("#ttl", table.attribute()))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond()))))
                    .returnValues(ReturnValue.ALL_OLD));
            if (response.hasAttributes()) {
                deleted.put(response.attributes(), now);
            }
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // renewed or deleted meanwhile
        }
    }

    private final Map<String, List<String>> keyNames = new ConcurrentHashMap<>();

    private Map<String, AttributeValue> keyOf(String table, Map<String, AttributeValue> item) {
        List<String> names = keyNames.computeIfAbsent(table, t -> dynamoDb.describeTable(r -> r.tableName(t))
                .table().keySchema().stream().map(k -> k.attributeName()).toList());
        Map<String, AttributeValue> key = new java.util.HashMap<>();
        names.forEach(n -> key.put(n, item.get(n)));
        return key;
    }

    /** True for a stream record of a deletion this sweeper made. */
    @Override
    public boolean test(Record record) {
        return record.eventName() == OperationType.REMOVE
                && record.dynamodb() != null
                && record.dynamodb().hasOldImage()
                && deleted.containsKey(record.dynamodb().oldImage());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
