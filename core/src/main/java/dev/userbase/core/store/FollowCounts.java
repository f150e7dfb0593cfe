package dev.userbase.core.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.FollowCountDelta;
import dev.userbase.core.model.Keys;
import dev.userbase.core.model.PendingFollowCounts;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.storage.Cancellation;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.storage.Projection;
import dev.userbase.core.storage.Scan;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * The follow counts of profiles: the counts and {@link UserProfile#COUNT_WRITES} on the profile, the
 * counter writes of the follow counter (an addition that never takes a count below zero, a
 * replacement of the counts read, and the deltas parked as {@link PendingFollowCounts} for a user
 * with no profile), and as the reconcile job sees and repairs them: the edges they stand for (a
 * user's own {@code FOLLOWS#} items, and their followers in the followers index), and the one
 * correcting write, conditioned on no counter write having been applied since the counts were read.
 *
 * <p>Every counter write adds 1 to {@link UserProfile#COUNT_WRITES} (the reconcile job's proof that
 * none happened between its observations), never touches {@code version}, {@code updatedAt} or the
 * change stamp, and never creates a profile.
 */
public final class FollowCounts {

    /** What a profile says: its two counts and how many counter writes were applied to it. */
    public record Counts(long followers, long following, long writes) {
    }

    /** The counts as stored: null where the profile has no such attribute (no counter write reached it). */
    public record StoredCounts(Long followers, Long following) {
    }

    /** One count a replacing write sets: the value it must find ({@code null}: absent) and the one it leaves. */
    public record Replacement(Long expected, long value) {
    }

    /** A profile's counts as a scan read them. */
    public record ScannedProfile(String userId, Counts counts) {
    }

    /** A page of a scan of profiles; {@code lastEvaluatedKey} empty when the segment is done. */
    public record ProfilePage(List<ScannedProfile> profiles, Map<String, AttributeValue> lastEvaluatedKey) {

        public ProfilePage {
            profiles = List.copyOf(profiles);
            lastEvaluatedKey = lastEvaluatedKey == null ? Map.of() : Map.copyOf(lastEvaluatedKey);
        }
    }

    /** What became of a correction. */
    public enum Correction {
        /** Written. */
        APPLIED,
        /** A counter write was applied since the counts were read, or is being applied: nothing written. */
        BUSY,
        /** The profile is gone (erased) or its account deleted: nothing written. */
        NO_PROFILE
    }

    private static final Projection COUNTS = Projection.of(UsersTable.PK, UserProfile.FOLLOWER_COUNT,
            UserProfile.FOLLOWING_COUNT, UserProfile.COUNT_WRITES);
    /** A deleted account's profile waits for its erasure, which removes its edges: its counts are not repaired. */
    private static final Condition NOT_DELETED = Condition.ne(UserProfile.STATUS, Attributes.s(UserStatus.DELETED.name()));

    private final Table table;
    private final FollowEdges edges;

    public FollowCounts(Table table) {
        this.table = Objects.requireNonNull(table, "table");
        this.edges = new FollowEdges(table);
    }

    /** The profile's counts, read strongly consistent; empty if there is no profile or its account is deleted. */
    public Optional<Counts> read(String userId) {
        return table.get(UserProfile.key(userId), Projection.of(UsersTable.PK, UserProfile.FOLLOWER_COUNT,
                        UserProfile.FOLLOWING_COUNT, UserProfile.COUNT_WRITES, UserProfile.STATUS))
                .filter(item -> !UserStatus.DELETED.name().equals(Attributes.string(item, UserProfile.STATUS)))
                .map(FollowCounts::counts);
    }

    /** The users {@code userId} follows ({@link FollowEdges#countFollowing}). */
    public long followingEdges(String userId) {
        return edges.countFollowing(userId);
    }

    /** The users who follow {@code userId} ({@link FollowEdges#countFollowers}: eventually consistent). */
    public long followerEdges(String userId) {
        return edges.countFollowers(userId);
    }

    /**
     * One page of one segment of a scan of the profiles (strongly consistent) of accounts not
     * deleted, from {@code startKey}. {@code limit} counts items read, profiles or not.
     */
    public ProfilePage scanProfiles(int segment, int totalSegments, Map<String, AttributeValue> startKey, int limit) {
        var page = table.scan(Scan.segment(segment, totalSegments)
                .filter(Condition.eq(UsersTable.SK, Keys.PROFILE_SK)
                        .and(Condition.beginsWith(UsersTable.PK, Keys.USER_PREFIX)).and(NOT_DELETED))
                .project(COUNTS)
                .limit(limit)
                .startAfter(startKey));
        return new ProfilePage(page.items().stream()
                .map(item -> new ScannedProfile(Keys.userIdOf(Attributes.requiredString(item, UsersTable.PK)), counts(item)))
                .toList(), page.lastEvaluatedKey());
    }

    /**
     * Adds {@code followerDelta} and {@code followingDelta} to the counts, and 1 to the counter
     * writes, if the profile exists, its account is not deleted, and its counter writes still stand
     * at {@code expectedWrites} (an absent attribute stands at 0). Version, {@code updatedAt} and the change stamp are left
     * alone, as by every counter write.
     */
    public Correction correct(String userId, long followerDelta, long followingDelta, long expectedWrites) {
        UpdateExpression update = UpdateExpression.create();
        if (followerDelta != 0) {
            update.add(UserProfile.FOLLOWER_COUNT, followerDelta);
        }
        if (followingDelta != 0) {
            update.add(UserProfile.FOLLOWING_COUNT, followingDelta);
        }
        update.add(UserProfile.COUNT_WRITES, 1);
        Condition unchanged = expectedWrites == 0
                ? Condition.absentOrEq(UserProfile.COUNT_WRITES, Attributes.n(0))
                : Condition.eq(UserProfile.COUNT_WRITES, expectedWrites);
        try {
            table.update(UserProfile.key(userId), update,
                    Condition.exists(UsersTable.PK).and(NOT_DELETED).and(unchanged));
            return Correction.APPLIED;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> current = e.hasItem() ? e.item() : Map.of();
            if (current.isEmpty()
                    || UserStatus.DELETED.name().equals(Attributes.string(current, UserProfile.STATUS))) {
                return Correction.NO_PROFILE;
            }
            return Correction.BUSY;
        } catch (TransactionConflictException e) {
            return Correction.BUSY; // a counter transaction held the profile at that moment
        }
    }

    // ---- the follow counter's writes (transaction items, written with the TransactionRunner)

    /**
     * Adds {@code delta} to the profile's counts, on condition that the profile exists and that
     * each count a negative delta lowers covers it (otherwise the write fails, with the profile's
     * image: {@link #refusedCounts}).
     */
    public TransactWriteItem addCounts(String userId, FollowCountDelta delta) {
        UpdateExpression update = UpdateExpression.create();
        List<Condition> conditions = new ArrayList<>(List.of(Condition.exists(UsersTable.PK)));
        addTerm(UserProfile.FOLLOWER_COUNT, delta.followers(), update, conditions);
        addTerm(UserProfile.FOLLOWING_COUNT, delta.following(), update, conditions);
        update.add(UserProfile.COUNT_WRITES, 1);
        return table.updateItem(UserProfile.key(userId), update, Condition.allOf(conditions));
    }

    /**
     * Sets the profile's counts to the replacements' values (a {@code null} replacement leaves that
     * count alone), on condition that the profile exists and each count replaced still stands at
     * what was read.
     */
    public TransactWriteItem replaceCounts(String userId, Replacement followers, Replacement following) {
        UpdateExpression update = UpdateExpression.create();
        List<Condition> conditions = new ArrayList<>(List.of(Condition.exists(UsersTable.PK)));
        replaceTerm(UserProfile.FOLLOWER_COUNT, followers, update, conditions);
        replaceTerm(UserProfile.FOLLOWING_COUNT, following, update, conditions);
        update.add(UserProfile.COUNT_WRITES, 1);
        return table.updateItem(UserProfile.key(userId), update, Condition.allOf(conditions));
    }

    /**
     * The profile's counts as the item at {@code index} of a cancelled transaction (an
     * {@link #addCounts} or {@link #replaceCounts}) found them; empty when it found no profile.
     */
    public static Optional<StoredCounts> refusedCounts(Cancellation cancellation, int index) {
        return cancellation.itemAt(index).map(FollowCounts::storedCounts);
    }

    /** The profile's counts as stored, whatever its status (strongly consistent); empty if there is no profile. */
    public Optional<StoredCounts> stored(String userId) {
        return table.get(UserProfile.key(userId), Projection.of(UsersTable.PK, UserProfile.FOLLOWER_COUNT,
                UserProfile.FOLLOWING_COUNT)).map(FollowCounts::storedCounts);
    }

    /** A check, in a counter transaction, that the user still has no profile (with {@link #park}). */
    public TransactWriteItem profileAbsent(String userId) {
        return table.conditionCheck(UserProfile.key(userId), Condition.notExists(UsersTable.PK));
    }

    /** Adds {@code delta} to the user's parked counts (creating them), one revision further. */
    public TransactWriteItem park(String userId, FollowCountDelta delta, Instant now) {
        return table.updateItem(PendingFollowCounts.key(userId), UpdateExpression.create()
                .add(PendingFollowCounts.FOLLOWERS, delta.followers())
                .add(PendingFollowCounts.FOLLOWING, delta.following())
                .add(PendingFollowCounts.REVISION, 1)
                .set(PendingFollowCounts.USER_ID, userId)
                .set(PendingFollowCounts.UPDATED_AT, now), null);
    }

    /** The user's parked counts (strongly consistent), if any. */
    public Optional<PendingFollowCounts> parked(String userId) {
        return table.get(PendingFollowCounts.key(userId)).map(PendingFollowCounts::fromItem);
    }

    /** Deletes parked counts still at the revision read (a delta parked meanwhile makes it fail). */
    public TransactWriteItem unpark(PendingFollowCounts parked) {
        return table.deleteItem(PendingFollowCounts.key(parked.userId()),
                Condition.eq(PendingFollowCounts.REVISION, parked.revision()));
    }

    private static void addTerm(String attribute, long delta, UpdateExpression update, List<Condition> conditions) {
        if (delta == 0) {
            return;
        }
        update.add(attribute, delta);
        if (delta < 0) {
            // the count must cover the decrement; otherwise the write fails and the caller clamps instead
            conditions.add(Condition.ge(attribute, Attributes.n(-delta)));
        }
    }

    private static void replaceTerm(String attribute, Replacement replacement, UpdateExpression update,
            List<Condition> conditions) {
        if (replacement == null) {
            return;
        }
        update.set(attribute, replacement.value());
        conditions.add(replacement.expected() == null
                ? Condition.notExists(attribute)
                : Condition.eq(attribute, replacement.expected()));
    }

    private static StoredCounts storedCounts(Map<String, AttributeValue> item) {
        return new StoredCounts(Attributes.optionalNumber(item, UserProfile.FOLLOWER_COUNT).orElse(null),
                Attributes.optionalNumber(item, UserProfile.FOLLOWING_COUNT).orElse(null));
    }

    private static Counts counts(Map<String, AttributeValue> item) {
        return new Counts(Attributes.number(item, UserProfile.FOLLOWER_COUNT, 0),
                Attributes.number(item, UserProfile.FOLLOWING_COUNT, 0),
                Attributes.number(item, UserProfile.COUNT_WRITES, 0));
    }
}
