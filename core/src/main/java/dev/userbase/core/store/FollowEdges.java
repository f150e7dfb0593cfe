package dev.userbase.core.store;

import java.util.Objects;

import dev.userbase.core.storage.Table;

/**
 * The follow edge item ({@code USER#<follower>} / {@code FOLLOWS#<followee>}, inverted in the
 * followers index): its reads, the conditions that guard its writes and its transitions. The key
 * format and attributes are {@link dev.userbase.core.model.FollowEdge}'s.
 */
public final class FollowEdges {

    private final Table table;

    public FollowEdges(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    // ---- follow, unfollow, lists (social: B4)

    // ---- erasure (privacy: B2)
}
