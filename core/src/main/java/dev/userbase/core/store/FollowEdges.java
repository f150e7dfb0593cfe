package dev.userbase.core.store;

import java.util.Map;
import java.util.Objects;

import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.Keys;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.storage.KeyCondition;
import dev.userbase.core.storage.Page;
import dev.userbase.core.storage.Projection;
import dev.userbase.core.storage.Query;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

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

    /**
     * Writes the edge if there is none (an edge exists once or not at all: following twice is no
     * second stream INSERT).
     *
     * @return true if this call created it
     */
    public boolean create(FollowEdge edge, ChangeContext context) {
        try {
            table.put(context.stamp(edge.toItem()), Condition.notExists(UsersTable.PK));
            return true;
        } catch (ConditionalCheckFailedException alreadyFollowing) {
            return false;
        }
    }

    /** Deletes the edge; true if there was one. */
    public boolean delete(String followerId, String followeeId) {
        return table.delete(FollowEdge.key(followerId, followeeId), null).isPresent();
    }

    /** Who follows {@code userId}, in follower-id order (the followers index), for the API's pages. */
    public QueryRequest followersQuery(String userId) {
        return table.request(followers(userId));
    }

    /** Whom {@code userId} follows, in followee-id order (strongly consistent), for the API's pages. */
    public QueryRequest followingQuery(String userId) {
        return table.request(following(userId));
    }

    private static Query followers(String userId) {
        return Query.of(KeyCondition.partition(UsersTable.FOLLOWERS_PK, FollowEdge.followersPartitionKey(userId)))
                .onIndex(UsersTable.FOLLOWERS_INDEX);
    }

    private static Query following(String userId) {
        return Query.of(KeyCondition.partition(UsersTable.PK, Keys.userPk(userId))
                .sortBeginsWith(UsersTable.SK, Keys.FOLLOWS_PREFIX));
    }

    // ---- erasure (privacy: B2)

    /** The keys of up to {@code limit} edges of {@code userId}'s followers (the followers index). */
    public Page followerEdgeKeys(String userId, int limit) {
        return table.query(followers(userId).project(Projection.of(UsersTable.PK, UsersTable.SK)).limit(limit));
    }

    /**
     * Stamps the edge with {@code context}, then deletes it: a REMOVE record carries the old image
     * only, and the stamp is how the stream knows whose deletion it was.
     *
     * @return false when it was gone already (the followers index lags the table)
     */
    public boolean stampAndDelete(Map<String, AttributeValue> key, ChangeContext context) {
        try {
            table.update(key, UpdateExpression.create().stamp(context), Condition.exists(UsersTable.PK));
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
        table.delete(key, null);
        return true;
    }

    // ---- counts (reconcile)

    /**
     * How many users follow {@code userId}: a {@code Select COUNT} of the followers index, which is
     * eventually consistent (it trails the edges by the index's replication lag, normally well under
     * a second).
     */
    public long countFollowers(String userId) {
        return table.count(followers(userId));
    }

    /** How many users {@code userId} follows: a strongly consistent {@code Select COUNT} of its {@code FOLLOWS#} edges. */
    public long countFollowing(String userId) {
        return table.count(following(userId));
    }
}
