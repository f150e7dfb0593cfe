package dev.userbase.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The profile item ({@code USER#<sub>} / {@code PROFILE}): its reads, the conditions that guard
 * its writes and its transitions. The item's attributes and key format are {@link UserProfile}'s.
 */
public final class Profiles {

    private final Table table;

    public Profiles(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /** The profile, read strongly consistent (a caller acting on it must see the latest write). */
    public Optional<UserProfile> find(String userId) {
        return table.get(UserProfile.key(userId), UserProfile::fromItem);
    }

    /** The profile exists: every write that must not create one is conditioned on it. */
    static Condition exists() {
        return Condition.exists(UsersTable.PK);
    }

    /** A transaction item that creates the profile, only if the user has none. */
    public TransactWriteItem create(UserProfile profile, ChangeContext context) {
        return table.putItem(context.stamp(profile.toItem()), Condition.notExists(UsersTable.PK));
    }

    /** A transaction item that writes nothing and holds only if the user has a profile. */
    public TransactWriteItem existsCheck(String userId) {
        return table.conditionCheck(UserProfile.key(userId), exists());
    }

    // ---- creation, sign-in records, password changes, email changes, expiry (sign-up, migration, email change: B1)

    /**
     * Records a sign-in at {@code now} ({@code lastSignInAt}, {@code signInCount} + 1) if the profile
     * exists and its last recorded sign-in is absent or at or before {@code recordedBefore}, so a
     * retry or a concurrent sign-in within the interval writes nothing. {@code version} and
     * {@code updatedAt} are not touched.
     *
     * @return false when nothing was written (no profile, or recorded within the interval)
     */
    public boolean recordSignIn(String userId, Instant now, Instant recordedBefore, ChangeContext context) {
        UpdateExpression update = UpdateExpression.create()
                .set(UserProfile.LAST_SIGN_IN_AT, now)
                .increment(UserProfile.SIGN_IN_COUNT, 1)
                .stamp(context);
        Condition due = Condition.notExists(UserProfile.LAST_SIGN_IN_AT)
                .or(Condition.le(UserProfile.LAST_SIGN_IN_AT, Attributes.time(recordedBefore)));
        return updateIfPresent(userId, update, exists().and(due));
    }

    /**
     * Sets {@code passwordChangedAt} on an existing profile ({@code version} unchanged: the password
     * is not part of what the profile API edits).
     *
     * @return false when the user has no profile (nothing written)
     */
    public boolean recordPasswordChange(String userId, Instant at, ChangeContext context) {
        return updateIfPresent(userId, UpdateExpression.create()
                .set(UserProfile.PASSWORD_CHANGED_AT, at)
                .stamp(context), exists());
    }

    private boolean updateIfPresent(String userId, UpdateExpression update, Condition condition) {
        try {
            table.update(UserProfile.key(userId), update, condition);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    // ---- self and admin changes, status, erasure (profile, preferences, admin, user pool, privacy: B2)

    // ---- follower and following counts (counters: B3)

    // ---- follows, summaries, search (social: B4)
}
