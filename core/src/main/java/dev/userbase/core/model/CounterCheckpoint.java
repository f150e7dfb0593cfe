package dev.userbase.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where the follow counters stand on one stream shard: {@code SHARD#<shardId>} / {@code COUNTERS}
 * in the users table.
 *
 * <p>{@code appliedThrough} is the highest sequence number whose follow edge is counted: its delta
 * is either on the profiles already or in a journal part listed in {@code pendingParts} (parts are
 * written in the same transaction that advances {@code appliedThrough}, so a record is never half
 * counted). A checkpoint with no pending parts carries a TTL ({@link #RETENTION}): a shard's
 * records are gone from the stream after 24 hours, so nothing can be redelivered after that.
 */
public record CounterCheckpoint(String shardId, String appliedThrough, Set<String> pendingParts) {

    public static final String PK_PREFIX = "SHARD#";
    public static final String SK = "COUNTERS";
    public static final String APPLIED_THROUGH = "appliedThrough";
    public static final String PENDING_PARTS = "pendingParts";
    public static final String UPDATED_AT = "updatedAt";
    public static final String EXPIRES_AT = "expiresAt";
    /** Longer than the stream's 24-hour retention, with margin for a paused mapping. */
    public static final Duration RETENTION = Duration.ofDays(3);

    public CounterCheckpoint {
        pendingParts = pendingParts == null ? Set.of() : Collections.unmodifiableSortedSet(new TreeSet<>(pendingParts));
    }

    public static String partitionKey(String shardId) {
        return PK_PREFIX + shardId;
    }

    public static Map<String, AttributeValue> key(String shardId) {
        return Keys.key(partitionKey(shardId), SK);
    }

    public static CounterCheckpoint none(String shardId) {
        return new CounterCheckpoint(shardId, null, Set.of());
    }

    public static CounterCheckpoint fromItem(String shardId, Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return none(shardId);
        }
        return new CounterCheckpoint(shardId, Attributes.string(item, APPLIED_THROUGH),
                Attributes.stringSet(item, PENDING_PARTS));
    }

    public boolean exists() {
        return appliedThrough != null || !pendingParts.isEmpty();
    }

    /** The TTL of a checkpoint left with no pending parts at {@code now}. */
    public static long expiry(Instant now) {
        return now.plus(RETENTION).getEpochSecond();
    }
}
