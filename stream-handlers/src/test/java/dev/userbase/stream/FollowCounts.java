package dev.userbase.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The counts that follow edges (follower, followee) imply: what every profile's counters must come to. */
record FollowCounts(Map<String, Long> followers, Map<String, Long> following) {

    static FollowCounts of(Set<List<String>> edges) {
        Map<String, Long> followers = new HashMap<>();
        Map<String, Long> following = new HashMap<>();
        for (List<String> edge : edges) {
            following.merge(edge.get(0), 1L, Long::sum);
            followers.merge(edge.get(1), 1L, Long::sum);
        }
        return new FollowCounts(followers, following);
    }

    long followersOf(String user) {
        return followers.getOrDefault(user, 0L);
    }

    long followingOf(String user) {
        return following.getOrDefault(user, 0L);
    }
}
