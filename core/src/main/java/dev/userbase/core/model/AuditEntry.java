package dev.userbase.core.model;

import static dev.userbase.core.model.Attributes.putIfPresent;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One audited change: {@code AUDIT#<sub>} / {@code <occurredAt>#<eventId>}, newest last in key
 * order, kept for {@link #RETENTION}. It names who changed what, never values of preferences,
 * tokens or passwords.
 */
public record AuditEntry(
        String userId,
        Instant occurredAt,
        String eventId,
        String action,
        String actor,
        List<String> changedFields,
        String summary) {

    public static final Duration RETENTION = Duration.ofDays(365);
    /** How an erased user's pseudonym begins (in place of their id, in the trails that keep it). */
    public static final String PSEUDONYM_PREFIX = "anon:";

    public static final String USER_ID = "userId";
    public static final String OCCURRED_AT = "occurredAt";
    public static final String EVENT_ID = "eventId";
    public static final String ACTION = "action";
    public static final String ACTOR = "actor";
    public static final String CHANGED_FIELDS = "changedFields";
    public static final String SUMMARY = "summary";
    public static final String EXPIRES_AT = UsersTable.TTL_ATTRIBUTE;

    public AuditEntry {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(action, "action");
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    }

    public static String partitionKey(String userId) {
        return Keys.AUDIT_PREFIX + userId;
    }

    public static String sortKey(Instant occurredAt, String eventId) {
        return Timestamps.format(occurredAt) + "#" + eventId;
    }

    public Map<String, AttributeValue> key() {
        return Keys.key(partitionKey(userId), sortKey(occurredAt, eventId));
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key());
        item.put(USER_ID, Attributes.s(userId));
        item.put(OCCURRED_AT, Attributes.time(occurredAt));
        item.put(EVENT_ID, Attributes.s(eventId));
        item.put(ACTION, Attributes.s(action));
        putIfPresent(item, ACTOR, actor);
        if (!changedFields.isEmpty()) {
            item.put(CHANGED_FIELDS, Attributes.strings(changedFields));
        }
        putIfPresent(item, SUMMARY, summary);
        item.put(EXPIRES_AT, Attributes.epochSeconds(occurredAt.plus(RETENTION)));
        return item;
    }

    public static AuditEntry fromItem(Map<String, AttributeValue> item) {
        return new AuditEntry(
                Attributes.requiredString(item, USER_ID),
                Attributes.instant(item, OCCURRED_AT),
                Attributes.requiredString(item, EVENT_ID),
                Attributes.requiredString(item, ACTION),
                Attributes.string(item, ACTOR),
                Attributes.stringList(item, CHANGED_FIELDS),
                Attributes.string(item, SUMMARY));
    }
}
