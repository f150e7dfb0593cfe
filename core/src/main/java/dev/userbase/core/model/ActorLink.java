package dev.userbase.core.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A pointer from a person to an audit entry of another user's trail that names them as its actor
 * ({@code ACTED#<actor>} / {@code <entry pk>#<entry sk>}): an administrator's suspension, role
 * change or export of someone else. Entries live in their subject's partition, so nothing else
 * finds an actor's entries without a scan: the erasure of an administrator follows these links to
 * replace their id by its pseudonym in every entry, then deletes the links. A link expires with its
 * entry (the same TTL), and moves with it when the entry's subject is erased (its trail moves to
 * the subject's pseudonym). Entries whose actor is their own subject, or not a person
 * ({@link ChangeContext#isPerson}), have none.
 *
 * @param actorId the person the entry names as its actor
 * @param entryKey the audit entry's key ({@code pk}, {@code sk})
 * @param expiresAt the entry's expiry
 */
public record ActorLink(String actorId, Map<String, AttributeValue> entryKey, Instant expiresAt) {

    public static final String ACTOR = "actor";
    public static final String ENTRY_PK = "entryPk";
    public static final String ENTRY_SK = "entrySk";
    public static final String EXPIRES_AT = UsersTable.TTL_ATTRIBUTE;

    public ActorLink {
        Objects.requireNonNull(actorId, "actorId");
        entryKey = Map.copyOf(Objects.requireNonNull(entryKey, "entryKey"));
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /**
     * The link an entry needs: when its actor is a person other than its subject (not a
     * component, and not already a pseudonym).
     */
    public static Optional<ActorLink> of(AuditEntry entry) {
        String actor = entry.actor();
        if (!ChangeContext.isPerson(actor) || actor.equals(entry.userId())) {
            return Optional.empty();
        }
        return Optional.of(new ActorLink(actor, entry.key(),
                entry.occurredAt().plus(AuditEntry.RETENTION)));
    }

    public static String partitionKey(String actorId) {
        return Keys.ACTED_PREFIX + actorId;
    }

    public Map<String, AttributeValue> key() {
        return Keys.key(partitionKey(actorId),
                entryKey.get(UsersTable.PK).s() + "#" + entryKey.get(UsersTable.SK).s());
    }

    /** The user whose trail holds the entry (a pseudonym once they were erased). */
    public String subjectId() {
        return entryKey.get(UsersTable.PK).s().substring(Keys.AUDIT_PREFIX.length());
    }

    /** The same link for the entry at its new key (its subject was erased, its trail moved). */
    public ActorLink movedTo(Map<String, AttributeValue> newEntryKey) {
        return new ActorLink(actorId, newEntryKey, expiresAt);
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key());
        item.put(ACTOR, Attributes.s(actorId));
        item.put(ENTRY_PK, entryKey.get(UsersTable.PK));
        item.put(ENTRY_SK, entryKey.get(UsersTable.SK));
        item.put(EXPIRES_AT, Attributes.epochSeconds(expiresAt));
        return item;
    }

    public static ActorLink fromItem(Map<String, AttributeValue> item) {
        return new ActorLink(Attributes.requiredString(item, ACTOR),
                Keys.key(Attributes.requiredString(item, ENTRY_PK), Attributes.requiredString(item, ENTRY_SK)),
                Attributes.fromEpochSeconds(item, EXPIRES_AT));
    }
}
