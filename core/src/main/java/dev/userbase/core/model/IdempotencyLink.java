package dev.userbase.core.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A pointer, in a user's own partition, to a record of the idempotency table that names the user
 * ({@code USER#<id>} / {@code IDEMPOTENCY#<record key>}): the record of the admin {@code POST /users}
 * that created them. The record's key is a hash of the calling admin's id and their
 * {@code Idempotency-Key}, so nothing derives it from the user's id: the erasure finds it here, with
 * the user's other items, and deletes the record before the pointer. It expires with the record
 * (the users table's TTL), since the record is gone by then.
 *
 * @param recordKey the idempotency record's partition key ({@code id}), as Powertools wrote it
 * @param expiresAt when the record expires (its {@code expiration})
 */
public record IdempotencyLink(String userId, String recordKey, Instant expiresAt) {

    public static final String SK_PREFIX = Keys.IDEMPOTENCY_PREFIX;
    public static final String USER_ID = "userId";
    public static final String RECORD_KEY = "recordKey";
    public static final String EXPIRES_AT = UsersTable.TTL_ATTRIBUTE;

    public IdempotencyLink {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(recordKey, "recordKey");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public static Map<String, AttributeValue> key(String userId, String recordKey) {
        return Keys.key(Keys.userPk(userId), SK_PREFIX + recordKey);
    }

    /** Whether a sort key of a user's partition is a link's. */
    public static boolean isLink(String sk) {
        return sk != null && sk.startsWith(SK_PREFIX);
    }

    /** The record key inside a link's sort key. */
    public static String recordKeyOf(String sk) {
        if (!isLink(sk)) {
            throw new IllegalArgumentException(sk + " is not an idempotency link's sort key");
        }
        return sk.substring(SK_PREFIX.length());
    }

    public Map<String, AttributeValue> key() {
        return key(userId, recordKey);
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key());
        item.put(USER_ID, Attributes.s(userId));
        item.put(RECORD_KEY, Attributes.s(recordKey));
        item.put(EXPIRES_AT, Attributes.epochSeconds(expiresAt));
        return item;
    }
}
