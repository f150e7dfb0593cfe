package dev.userbase.core.reconcile;

import java.time.Instant;
import java.util.Objects;

import dev.userbase.core.store.FollowCounts.Counts;

/**
 * One observation of a user's follow counts: what the profile said (its counts and counter writes,
 * read strongly consistent), then the edges counted right after, at {@code observedAt}.
 *
 * @param edgeFollowers the followers in the followers index
 * @param edgeFollowing the user's own {@code FOLLOWS#} edges
 */
record CountObservation(String userId, Counts counts, long edgeFollowers, long edgeFollowing,
        Instant observedAt) {

    public CountObservation {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(observedAt, "observedAt");
    }

    /** The counts equal the edges. */
    public boolean agrees() {
        return followerDrift() == 0 && followingDrift() == 0;
    }

    /** What must be added to {@code followerCount} to equal the edges. */
    public long followerDrift() {
        return edgeFollowers - counts.followers();
    }

    public long followingDrift() {
        return edgeFollowing - counts.following();
    }

    public long absoluteDrift() {
        return Math.abs(followerDrift()) + Math.abs(followingDrift());
    }

    /** Nothing moved between this observation and {@code later}: the same counts, counter writes and edges. */
    public boolean unchangedIn(CountObservation later) {
        return counts.equals(later.counts) && edgeFollowers == later.edgeFollowers
                && edgeFollowing == later.edgeFollowing;
    }
}
