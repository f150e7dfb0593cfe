package dev.userbase.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.Keys;
import dev.userbase.core.model.ProfileDetails;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.model.VersionCondition;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.storage.KeyCondition;
import dev.userbase.core.storage.Projection;
import dev.userbase.core.storage.Query;
import dev.userbase.core.storage.Table;
import dev.userbase.core.text.SearchText;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
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

    /** The profile for a public view: an eventually consistent read is enough (and costs half). */
    public Optional<UserProfile> findForDisplay(String userId) {
        return table.getEventuallyConsistent(UserProfile.key(userId)).map(UserProfile::fromItem);
    }

    /**
     * The profile and its preferences in one strongly consistent query ({@code PREFERENCES} and
     * {@code PROFILE} are adjacent sort keys); empty if there is no profile.
     */
    public Optional<ProfileDetails> findWithPreferences(String userId) {
        List<Map<String, AttributeValue>> items = table.query(Query.of(KeyCondition.partition(UsersTable.PK, Keys.userPk(userId))
                .sortBetween(UsersTable.SK, Attributes.s(Keys.PREFERENCES_SK), Attributes.s(Keys.PROFILE_SK)))).items();
        UserProfile profile = null;
        UserPreferences preferences = null;
        for (Map<String, AttributeValue> item : items) {
            String sk = Attributes.string(item, UsersTable.SK);
            if (Keys.PROFILE_SK.equals(sk)) {
                profile = UserProfile.fromItem(item);
            } else if (Keys.PREFERENCES_SK.equals(sk)) {
                preferences = UserPreferences.fromItem(item);
            }
        }
        return profile == null ? Optional.empty() : Optional.of(new ProfileDetails(profile, Optional.ofNullable(preferences)));
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

    /**
     * The profile is as {@code read}: ACTIVE, the same email and pending email, no email change
     * between its commit and its Cognito step.
     */
    static Condition unchangedForEmailChange(UserProfile read) {
        return Condition.allOf(List.of(
                Condition.eq(UserProfile.STATUS, UserStatus.ACTIVE),
                Condition.notExists(UserProfile.EMAIL_SYNC_FROM),
                eqOrAbsent(UserProfile.EMAIL, read.email()),
                eqOrAbsent(UserProfile.PENDING_EMAIL, read.pendingEmail())));
    }

    /** A change step is in progress from {@code oldEmail} ("" for none) to {@code newEmail}. */
    static Condition syncing(String oldEmail, String newEmail) {
        return Condition.eq(UserProfile.EMAIL_SYNC_FROM, oldEmail).and(Condition.eq(UserProfile.EMAIL, newEmail));
    }

    private static Condition eqOrAbsent(String attribute, String value) {
        return value == null ? Condition.notExists(attribute) : Condition.eq(attribute, value);
    }

    /** A transaction item that puts {@code newEmail} as the pending address of the profile {@code read}. */
    public TransactWriteItem requestEmailChange(UserProfile read, String newEmail, Instant now, ChangeContext context) {
        return table.updateItem(read.key(), UpdateExpression.create()
                        .set(UserProfile.PENDING_EMAIL, newEmail)
                        .increment(UserProfile.VERSION, 1)
                        .set(UserProfile.UPDATED_AT, now)
                        .stamp(context),
                unchangedForEmailChange(read));
    }

    /**
     * A transaction item that makes the pending address the profile's email and notes the previous
     * one ({@code oldEmail}, "" for none) until the Cognito step finishes.
     */
    public TransactWriteItem commitEmailChange(UserProfile read, String newEmail, String oldEmail, Instant now,
            ChangeContext context) {
        return table.updateItem(read.key(), UpdateExpression.create()
                        .set(UserProfile.EMAIL, newEmail)
                        .set(UserProfile.EMAIL_SYNC_FROM, oldEmail)
                        .remove(UserProfile.PENDING_EMAIL)
                        .increment(UserProfile.VERSION, 1)
                        .set(UserProfile.UPDATED_AT, now)
                        .stamp(context),
                unchangedForEmailChange(read));
    }

    /** A transaction item that ends a committed change whose Cognito step succeeded. */
    public TransactWriteItem finishEmailChange(String userId, String oldEmail, String newEmail, ChangeContext context) {
        return table.updateItem(UserProfile.key(userId), UpdateExpression.create()
                        .remove(UserProfile.EMAIL_SYNC_FROM)
                        .stamp(context),
                syncing(oldEmail, newEmail));
    }

    /** A transaction item that puts {@code oldEmail} ("" for none) back after Cognito refused {@code newEmail}. */
    public TransactWriteItem undoEmailChange(String userId, String newEmail, String oldEmail, Instant now,
            ChangeContext context) {
        UpdateExpression update = UpdateExpression.create()
                .remove(UserProfile.EMAIL_SYNC_FROM)
                .increment(UserProfile.VERSION, 1)
                .set(UserProfile.UPDATED_AT, now)
                .stamp(context);
        if (oldEmail.isEmpty()) {
            update.remove(UserProfile.EMAIL);
        } else {
            update.set(UserProfile.EMAIL, oldEmail);
        }
        return table.updateItem(UserProfile.key(userId), update, syncing(oldEmail, newEmail));
    }

    /**
     * Takes an expired change's address off the profile, if it is still the pending one (as
     * requested, {@code raw}, or normalised). The write's stamp says who withdrew it.
     *
     * @return false when the change was confirmed, replaced or withdrawn already
     */
    public boolean withdrawPendingEmail(String userId, String raw, String normalised, ChangeContext context) {
        return updateIfPresent(userId, UpdateExpression.create().remove(UserProfile.PENDING_EMAIL).stamp(context),
                Condition.eq(UserProfile.PENDING_EMAIL, raw).or(Condition.eq(UserProfile.PENDING_EMAIL, normalised)));
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

    /**
     * Applies an edit of an ACTIVE profile: each named field set (present) or removed (empty), the
     * version grown by one, the search index keys following the display name.
     *
     * @return {@link Versioned.Written}, {@link Versioned.Stale} (the precondition refused it, or the
     *     profile is not ACTIVE: the caller tells which from the current profile) or {@link Versioned.Missing}
     */
    public Versioned<UserProfile> edit(String userId, Map<String, Optional<String>> changes, Instant now,
            VersionCondition precondition, ChangeContext context) {
        UpdateExpression update = UpdateExpression.create()
                .increment(UserProfile.VERSION, 1)
                .set(UserProfile.UPDATED_AT, now)
                .stamp(context);
        changes.forEach((field, value) -> update.setOrRemove(field, value.map(Attributes::s).orElse(null)));
        if (changes.containsKey(UserProfile.DISPLAY_NAME)) {
            // the condition below guarantees ACTIVE, the only status with search keys
            searchKeys(update, UserProfile.searchIndexKeys(userId, changes.get(UserProfile.DISPLAY_NAME).orElse(null),
                    UserStatus.ACTIVE));
        }
        Condition condition = exists().and(Condition.eq(UserProfile.STATUS, UserStatus.ACTIVE));
        Condition version = Versioned.condition(precondition, UserProfile.VERSION);
        try {
            return new Versioned.Written<>(UserProfile.fromItem(table.update(UserProfile.key(userId), update,
                    version == null ? condition : condition.and(version), ReturnValue.ALL_NEW)));
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            if (old.isEmpty()) {
                return new Versioned.Missing<>();
            }
            UserProfile current = UserProfile.fromItem(old);
            if (Versioned.isOwnRetriedWrite(old, current.version(), precondition, context)
                    && changes.entrySet().stream().allMatch(change ->
                            Objects.equals(Attributes.string(old, change.getKey()), change.getValue().orElse(null)))) {
                return new Versioned.Written<>(current);
            }
            return new Versioned.Stale<>(current, current.version());
        }
    }

    /**
     * Sets the status (and reason) of the profile {@code read}, with the status and search index
     * keys in step, if its version is still the one read.
     *
     * @return the updated profile; empty if it changed since it was read
     */
    public Optional<UserProfile> changeStatus(UserProfile read, UserStatus target, String reason, Instant now,
            ChangeContext context) {
        UpdateExpression update = UpdateExpression.create()
                .set(UserProfile.STATUS, target)
                .setOrRemove(UserProfile.STATUS_REASON, reason == null ? null : Attributes.s(reason))
                .increment(UserProfile.VERSION, 1)
                .set(UserProfile.UPDATED_AT, now)
                .set(UsersTable.STATUS_PK, UserProfile.statusPartitionKey(target))
                .stamp(context);
        searchKeys(update, UserProfile.searchIndexKeys(read.userId(), read.displayName(), target));
        try {
            return Optional.of(UserProfile.fromItem(table.update(read.key(), update,
                    Condition.eq(UserProfile.VERSION, read.version()), ReturnValue.ALL_NEW)));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** The roles after a role write, and whether it changed them. */
    public record Roles(Set<String> roles, boolean changed) {
    }

    /**
     * Adds {@code role} to the profile's roles (version grows) unless it holds it already.
     *
     * @return empty when there is no such profile
     */
    public Optional<Roles> addRole(String userId, String role, Instant now, ChangeContext context) {
        return writeRoles(userId, roleUpdate(now, context).add(UserProfile.ROLES, Attributes.ss(Set.of(role))),
                Condition.not(Condition.contains(UserProfile.ROLES, Attributes.s(role))));
    }

    /**
     * Removes {@code role} from the profile's roles (version grows) if it holds it.
     *
     * @return empty when there is no such profile
     */
    public Optional<Roles> removeRole(String userId, String role, Instant now, ChangeContext context) {
        return writeRoles(userId, roleUpdate(now, context).delete(UserProfile.ROLES, Attributes.ss(Set.of(role))),
                Condition.contains(UserProfile.ROLES, Attributes.s(role)));
    }

    private static UpdateExpression roleUpdate(Instant now, ChangeContext context) {
        return UpdateExpression.create()
                .increment(UserProfile.VERSION, 1)
                .set(UserProfile.UPDATED_AT, now)
                .stamp(context);
    }

    private Optional<Roles> writeRoles(String userId, UpdateExpression update, Condition changes) {
        try {
            Map<String, AttributeValue> item = table.update(UserProfile.key(userId), update, exists().and(changes),
                    ReturnValue.ALL_NEW);
            return Optional.of(new Roles(Attributes.stringSet(item, UserProfile.ROLES), true));
        } catch (ConditionalCheckFailedException e) {
            if (!e.hasItem() || e.item().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Roles(Attributes.stringSet(e.item(), UserProfile.ROLES), false));
        }
    }

    private static void searchKeys(UpdateExpression update, Optional<Map<String, AttributeValue>> keys) {
        if (keys.isPresent()) {
            keys.get().forEach(update::set);
        } else {
            update.remove(UsersTable.SEARCH_PK).remove(UsersTable.SEARCH_SK);
        }
    }

    // ---- erasure (privacy: B2)

    /** The attributes an erased user's profile loses at once: personal data and the index keys that find it. */
    public static final List<String> PERSONAL = List.of(UserProfile.EMAIL, UserProfile.GIVEN_NAME,
            UserProfile.FAMILY_NAME, UserProfile.DISPLAY_NAME, UserProfile.AVATAR_URL, UserProfile.STATUS_REASON,
            UserProfile.ROLES, UserProfile.STRIPE_CUSTOMER_ID, UserProfile.REVENUECAT_ID,
            UserProfile.PASSWORD_CHANGED_AT, UserProfile.PENDING_EMAIL, UsersTable.SEARCH_PK, UsersTable.SEARCH_SK,
            UsersTable.STATUS_PK, UsersTable.STATUS_SK);

    /** A profile as the erasure reads it: with whether it has been stripped ({@value UserProfile#ERASING}). */
    public record Erasing(UserProfile profile, boolean stripped) {
    }

    /** The profile and its erasure mark, one strongly consistent read. */
    public Optional<Erasing> findForErasure(String userId) {
        return table.get(UserProfile.key(userId))
                .map(item -> new Erasing(UserProfile.fromItem(item), item.containsKey(UserProfile.ERASING)));
    }

    /**
     * The erasure's first write: the profile becomes DELETED, loses every {@link #PERSONAL} attribute
     * and is marked {@value UserProfile#ERASING} (it keeps its id and counts until the counts are zero).
     *
     * @return false when it was stripped already, or is gone
     */
    public boolean stripForErasure(String userId, Instant now, ChangeContext context) {
        UpdateExpression update = UpdateExpression.create()
                .set(UserProfile.STATUS, UserStatus.DELETED)
                .set(UserProfile.ERASING, true)
                .set(UserProfile.UPDATED_AT, now)
                .stamp(context);
        PERSONAL.forEach(update::remove);
        try {
            table.update(UserProfile.key(userId), update, exists().and(Condition.notExists(UserProfile.ERASING)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Deletes a profile being erased once neither count holds anything: no edge can count for a
     * user whose profile is gone.
     *
     * @return false when it is not being erased, or a count is not zero
     */
    public boolean deleteErased(String userId) {
        try {
            table.delete(UserProfile.key(userId), Condition.exists(UserProfile.ERASING)
                    .and(Condition.absentOrEq(UserProfile.FOLLOWER_COUNT, Attributes.n(0)))
                    .and(Condition.absentOrEq(UserProfile.FOLLOWING_COUNT, Attributes.n(0))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    // ---- follower and following counts (counters: B3)

    // ---- follows, summaries, search (social: B4)

    /** The profile's status alone (a projection: the follow path's check of the followee); empty if none. */
    public Optional<UserStatus> statusOf(String userId) {
        return table.get(UserProfile.key(userId), Projection.of(UserProfile.STATUS))
                .map(item -> UserStatus.valueOf(Attributes.string(item, UserProfile.STATUS)));
    }

    /** ACTIVE profiles whose folded display name starts with {@code folded} (the search index), for the API's pages. */
    public QueryRequest searchQuery(String folded) {
        return table.request(Query.of(KeyCondition.partition(UsersTable.SEARCH_PK,
                        UserProfile.searchPartitionKey(SearchText.partitionOf(folded)))
                .sortBeginsWith(UsersTable.SEARCH_SK, folded)).onIndex(UsersTable.SEARCH_INDEX));
    }
}
