package dev.userbase.core.model;

/**
 * The net change of one user's follower and following counts (over a window of follow-edge
 * records, or one journal part of it).
 */
public record FollowCountDelta(long followers, long following) {

    public boolean isZero() {
        return followers == 0 && following == 0;
    }

    public FollowCountDelta plus(long moreFollowers, long moreFollowing) {
        return new FollowCountDelta(followers + moreFollowers, following + moreFollowing);
    }
}
