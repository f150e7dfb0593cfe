package dev.userbase.core.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.userbase.core.model.ActorLink;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.Keys;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.storage.KeyCondition;
import dev.userbase.core.storage.Page;
import dev.userbase.core.storage.Projection;
import dev.userbase.core.storage.Query;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Audit entries ({@code AUDIT#<subject>}) and the {@link ActorLink}s that find the entries naming a
 * person as their actor in other users' trails, so that an erasure can leave no entry holding the
 * erased user's id: their own trail moves to their pseudonym, and every entry they acted in names
 * the pseudonym instead.
 *
 * <p>The order that keeps an erased actor out of the trails: an entry is written before its link,
 * and after the link the writer asks {@link #actorErased} (the erasure marks the profile
 * {@value UserProfile#ERASING} before it follows the actor's links): either the erasure's query of the
 * links comes after the link was written, and finds it, or the writer sees the mark (or, once the
 * erasure has finished, the pseudonym's trail) and replaces the actor itself.
 */
public final class AuditTrail {

    private final Table table;

    public AuditTrail(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /** Writes an entry, then its link (if it names a person other than its subject). */
    public void record(AuditEntry entry) {
        table.put(entry.toItem());
        ActorLink.of(entry).ifPresent(link -> table.put(link.toItem()));
    }

    /** Deletes an entry that must not stand (its action was refused after all): its link, then the entry. */
    public void withdraw(AuditEntry entry) {
        ActorLink.of(entry).ifPresent(link -> table.delete(link.key(), null));
        table.delete(entry.key(), null);
    }

    /**
     * Whether {@code actorId}'s account is being erased or was erased: their profile carries the
     * erasure's mark, or it is gone and their pseudonym's trail exists (the erasure writes it before
     * it deletes the profile). A person who never had a profile is not erased.
     */
    public boolean actorErased(String actorId, String pseudonym) {
        Optional<Map<String, AttributeValue>> profile = table.get(UserProfile.key(actorId),
                Projection.of(UsersTable.PK, UserProfile.ERASING));
        if (profile.isPresent()) {
            return profile.get().containsKey(UserProfile.ERASING);
        }
        return !table.query(Query.of(KeyCondition.partition(UsersTable.PK, AuditEntry.partitionKey(pseudonym)))
                .project(Projection.of(UsersTable.PK)).limit(1)).items().isEmpty();
    }

    /**
     * Replaces the link's actor by {@code pseudonym} in the entry it points to (if the entry still
     * names them: it may have expired or been rewritten already), then deletes the link.
     */
    public void pseudonymiseActor(ActorLink link, String pseudonym) {
        try {
            table.update(link.entryKey(), UpdateExpression.create().set(AuditEntry.ACTOR, pseudonym),
                    Condition.eq(AuditEntry.ACTOR, link.actorId()));
        } catch (ConditionalCheckFailedException goneOrDone) {
            // expired, moved (its link moved with it) or pseudonymised already
        }
        table.delete(link.key(), null);
    }

    /** A page of an actor's links. */
    public record Links(List<ActorLink> links, boolean more) {
    }

    /** Up to {@code limit} of the links of the entries naming {@code actorId} as their actor. */
    public Links linksOf(String actorId, int limit) {
        Page page = table.query(Query.of(KeyCondition.partition(UsersTable.PK, ActorLink.partitionKey(actorId)))
                .limit(limit));
        return new Links(page.items().stream().map(ActorLink::fromItem).toList(), !page.items().isEmpty() && page.hasMore());
    }

    /**
     * Replaces the stamp of the item at {@code key} (who changed it last) if {@code actorId} made the
     * last write: an administrator's stamp on the profile they suspended, or on the profile and
     * reservation of the account they created.
     *
     * @return false when someone else wrote it since, or it is gone
     */
    public boolean restamp(Map<String, AttributeValue> key, String actorId, ChangeContext stamp) {
        try {
            table.update(key, UpdateExpression.create().stamp(stamp), Condition.eq(ChangeContext.CHANGED_BY, actorId));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Moves {@code userId}'s trail to {@code pseudonym}'s partition, the user's own actions under the
     * pseudonym too, keeping each entry's expiry. For each entry, in an order a crash at any call
     * can resume from (the original is deleted last, and the next run starts from what is left):
     * the copy is put; if another person acted, their link is moved to the copy; the original goes.
     *
     * @return how many entries were moved
     */
    public int moveTrail(String userId, String pseudonym) {
        List<Map<String, AttributeValue>> entries = new ArrayList<>();
        table.queryAll(Query.of(KeyCondition.partition(UsersTable.PK, AuditEntry.partitionKey(userId))))
                .forEach(entries::add);
        for (Map<String, AttributeValue> item : entries) {
            AuditEntry entry = AuditEntry.fromItem(item);
            String actor = userId.equals(entry.actor()) ? pseudonym : entry.actor();
            AuditEntry copy = new AuditEntry(pseudonym, entry.occurredAt(), entry.eventId(), entry.action(), actor,
                    entry.changedFields(), entry.summary());
            Map<String, AttributeValue> copied = new HashMap<>(copy.toItem());
            copied.put(AuditEntry.EXPIRES_AT, item.getOrDefault(AuditEntry.EXPIRES_AT, copied.get(AuditEntry.EXPIRES_AT)));
            table.put(copied);
            Optional<ActorLink> link = ActorLink.of(entry);
            if (link.isPresent()) {
                table.put(link.get().movedTo(copy.key()).toItem());
                table.delete(link.get().key(), null);
            }
            table.delete(Keys.key(Attributes.string(item, UsersTable.PK), Attributes.string(item, UsersTable.SK)), null);
        }
        return entries.size();
    }
}
