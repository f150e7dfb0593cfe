package dev.userbase.core.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.Keys;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.storage.Projection;
import dev.userbase.core.storage.Scan;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * The follow counts of profiles as the reconcile job sees and repairs them: the counts and
 * {@link UserProfile#COUNT_WRITES} on the profile, the edges they stand for (a user's own
 * {@code FOLLOWS#} items, and their followers in the followers index), and the one correcting write,
 * conditioned on no counter write having been applied since the counts were read.
 */
public final class FollowCounts {

    /** What a profile says: its two counts and how many counter writes were applied to it. */
    public record Counts(long followers, long following, long writes) {
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

    private static Counts counts(Map<String, AttributeValue> item) {
        return new Counts(Attributes.number(item, UserProfile.FOLLOWER_COUNT, 0),
                Attributes.number(item, UserProfile.FOLLOWING_COUNT, 0),
                Attributes.number(item, UserProfile.COUNT_WRITES, 0));
    }
}
