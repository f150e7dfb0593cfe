package dev.userbase.core.model;

import java.util.Map;
import java.util.Objects;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Who made a change and under which request. Every write of a profile, preferences, follow edge,
 * token or reservation stamps these attributes on the item, so the stream pipeline can say in
 * events and audit entries who changed what, and carry the correlation id downstream.
 *
 * @param actor the Cognito sub of the person acting, or {@code system:<component>} for automatic changes
 * @param correlationId the API request id or Lambda request id the change came from
 */
public record ChangeContext(String actor, String correlationId) {

    public static final String CHANGED_BY = "changedBy";
    public static final String CORRELATION_ID = "correlationId";

    /** How the actor of a component's writes begins ({@code system:<component>}). */
    public static final String SYSTEM_PREFIX = "system:";
    /** The actor of a change nobody stamped (a deletion: its old image's stamp belongs to the write before it). */
    public static final String UNKNOWN_ACTOR = "unknown";

    public ChangeContext {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(correlationId, "correlationId");
    }

    /**
     * The actor of the writes that release what a TTL deletion held (an expired email change):
     * the change stream says {@code user.email.change.expired} for them, not a user's withdrawal.
     */
    public static final String EXPIRY_ACTOR = SYSTEM_PREFIX + "expiry";

    public static ChangeContext system(String component, String correlationId) {
        return new ChangeContext(SYSTEM_PREFIX + component, correlationId);
    }

    /**
     * Whether {@code actor} names a person (a user's id): not a component, not {@link #UNKNOWN_ACTOR},
     * not an erased user's pseudonym.
     */
    public static boolean isPerson(String actor) {
        return actor != null && !actor.isBlank() && !actor.startsWith(SYSTEM_PREFIX) && !UNKNOWN_ACTOR.equals(actor)
                && !actor.startsWith(AuditEntry.PSEUDONYM_PREFIX);
    }

    /** The stamp of an expiry's writes, under the stream record that carried the TTL deletion. */
    public static ChangeContext expiry(String streamEventId) {
        return new ChangeContext(EXPIRY_ACTOR, streamEventId);
    }

    /** True for the writes of an expiry ({@link #expiry}). */
    public boolean isExpiry() {
        return EXPIRY_ACTOR.equals(actor);
    }

    /** Adds the stamp to an item about to be written. */
    public Map<String, AttributeValue> stamp(Map<String, AttributeValue> item) {
        item.put(CHANGED_BY, AttributeValue.fromS(actor));
        item.put(CORRELATION_ID, AttributeValue.fromS(correlationId));
        return item;
    }

    /** The stamp found on an item or stream image, if any. */
    public static ChangeContext of(Map<String, AttributeValue> item) {
        String actor = Attributes.string(item, CHANGED_BY);
        String correlationId = Attributes.string(item, CORRELATION_ID);
        return actor == null ? null : new ChangeContext(actor, correlationId == null ? "" : correlationId);
    }
}
