package dev.userbase.core.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * "follower follows followee": {@code USER#<follower>} / {@code FOLLOWS#<followee>}, also in the
 * followers index under {@code USER#<followee>} / {@code FOLLOWER#<follower>}. An edge exists once
 * or not at all, so following twice is a no-op. Counts are derived from edges by the stream pipeline.
 */
public record FollowEdge(String followerId, String followeeId, Instant createdAt) {

    public static final String FOLLOWER_ID = "followerId";
    public static final String FOLLOWEE_ID = "followeeId";
    public static final String CREATED_AT = "createdAt";

    public FollowEdge {
        Objects.requireNonNull(followerId, "followerId");
        Objects.requireNonNull(followeeId, "followeeId");
    }

    public static Map<String, AttributeValue> key(String followerId, String followeeId) {
        return Keys.key(Keys.userPk(followerId), Keys.FOLLOWS_PREFIX + followeeId);
    }

    public Map<String, AttributeValue> key() {
        return key(followerId, followeeId);
    }

    /** Partition key of the followers index for the followers of {@code followeeId}. */
    public static String followersPartitionKey(String followeeId) {
        return Keys.userPk(followeeId);
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key());
        item.put(UsersTable.FOLLOWERS_PK, Attributes.s(followersPartitionKey(followeeId)));
        item.put(UsersTable.FOLLOWERS_SK, Attributes.s(Keys.FOLLOWER_PREFIX + followerId));
        item.put(FOLLOWER_ID, Attributes.s(followerId));
        item.put(FOLLOWEE_ID, Attributes.s(followeeId));
        Attributes.putIfPresent(item, CREATED_AT, createdAt);
        return item;
    }

    public static FollowEdge fromItem(Map<String, AttributeValue> item) {
        return new FollowEdge(
                Attributes.requiredString(item, FOLLOWER_ID),
                Attributes.requiredString(item, FOLLOWEE_ID),
                Attributes.instant(item, CREATED_AT));
    }
}
