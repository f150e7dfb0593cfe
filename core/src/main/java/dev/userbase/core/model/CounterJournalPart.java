package dev.userbase.core.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Counter deltas of one window that are committed but not yet on every profile:
 * {@code SHARD#<shardId>} / {@code JOURNAL#<appliedThrough>#<part>}. A window's deltas are split
 * into parts of bounded size, all written in the transaction that advances the checkpoint; each
 * part is then applied in chunks of one transaction each, and {@code cursor} (the last user id
 * applied, in id order) moves in the same transaction as that chunk's counters. A part is deleted
 * with its last chunk. So every delta reaches its profile exactly once, whatever fails when.
 *
 * @param deltas per user id: net follower and following delta
 * @param cursor the last user id already applied, or empty if none
 */
public record CounterJournalPart(String shardId, String sortKey, SortedMap<String, FollowCountDelta> deltas,
        String cursor) {

    public static final String SK_PREFIX = "JOURNAL#";
    public static final String DELTAS = "deltas";
    public static final String CURSOR = "cursor";
    public static final String CREATED_AT = "createdAt";

    public static String sortKey(String appliedThrough, int part) {
        return SK_PREFIX + appliedThrough + "#" + String.format("%04d", part);
    }

    public static Map<String, AttributeValue> key(String shardId, String sortKey) {
        return Keys.key(CounterCheckpoint.partitionKey(shardId), sortKey);
    }

    public Map<String, AttributeValue> toItem(Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(shardId, sortKey));
        Map<String, AttributeValue> encoded = new HashMap<>();
        deltas.forEach((user, delta) ->
                encoded.put(user, AttributeValue.fromS(delta.followers() + "," + delta.following())));
        item.put(DELTAS, AttributeValue.fromM(encoded));
        item.put(CURSOR, AttributeValue.fromS(cursor));
        item.put(CREATED_AT, Attributes.time(now));
        return item;
    }

    public static CounterJournalPart fromItem(String shardId, Map<String, AttributeValue> item) {
        TreeMap<String, FollowCountDelta> deltas = new TreeMap<>();
        AttributeValue encoded = item.get(DELTAS);
        if (encoded == null || !encoded.hasM()) {
            throw new MalformedItemException("journal part without deltas");
        }
        encoded.m().forEach((user, value) -> {
            String text = value.s();
            int comma = text == null ? -1 : text.indexOf(',');
            if (comma < 0) {
                throw new MalformedItemException("malformed journal delta for " + user);
            }
            deltas.put(user, new FollowCountDelta(
                    Long.parseLong(text.substring(0, comma)), Long.parseLong(text.substring(comma + 1))));
        });
        String cursor = Attributes.string(item, CURSOR);
        return new CounterJournalPart(shardId, Attributes.requiredString(item, "sk"), deltas,
                cursor == null ? "" : cursor);
    }

    /** The deltas still to apply: users after the cursor, in id order. */
    public SortedMap<String, FollowCountDelta> remaining() {
        return cursor.isEmpty() ? deltas : deltas.tailMap(cursor + "\0");
    }
}
