package dev.userbase.core.store;

import java.util.Map;
import java.util.Objects;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.IdempotencyLink;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Projection;
import dev.userbase.core.storage.Table;
import dev.userbase.core.table.IdempotencyTable;
import dev.userbase.core.table.UsersTable;

/**
 * The records of the idempotency table that name a user, and the {@link IdempotencyLink}s that let an
 * erasure find them. Powertools writes the records; this store only adds the link beside a record
 * and deletes both.
 *
 * <p>The order that keeps an erased user out of the idempotency table: the link is written before
 * the record names the user; the erasure deletes the record before the link. A link written after
 * the erasure had already deleted the user's items is caught by {@link #undoIfErasing}, which the
 * writer calls once its record is saved: the erasure strips the profile (marks it
 * {@value UserProfile#ERASING}) before it deletes the user's items, so either the erasure's delete
 * of the record comes after the record was saved, or the writer sees the mark and deletes both itself.
 */
public final class IdempotencyRecords {

    private final Table users;
    private final Table records;

    /** {@code users}: the users table; {@code records}: the idempotency table. */
    public IdempotencyRecords(Table users, Table records) {
        this.users = Objects.requireNonNull(users, "users");
        this.records = Objects.requireNonNull(records, "records");
    }

    /** Writes the link; do it before the record holds anything about the user. */
    public void link(IdempotencyLink link) {
        users.put(link.toItem());
    }

    /**
     * After the linked record was saved: if the user's profile is gone or being erased, deletes the
     * record and the link (the erasure may have passed the user's items already).
     *
     * @return whether they were deleted
     */
    public boolean undoIfErasing(IdempotencyLink link) {
        boolean erasing = users.get(UserProfile.key(link.userId()), Projection.of(UsersTable.PK, UserProfile.ERASING))
                .map(profile -> profile.containsKey(UserProfile.ERASING))
                .orElse(true);
        if (erasing) {
            erase(link.userId(), link.recordKey());
        }
        return erasing;
    }

    /** Deletes the record, then the link that names it (in this order: a crash between leaves the link to retry by). */
    public void erase(String userId, String recordKey) {
        records.delete(Map.of(IdempotencyTable.PK, Attributes.s(recordKey)), null);
        users.delete(IdempotencyLink.key(userId, recordKey), null);
    }
}
