package dev.userbase.core.social;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.Keys;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.paging.Page;
import dev.userbase.core.paging.PageRequest;
import dev.userbase.core.paging.PagedQuery;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Follow edges and the lists they make. The API writes and deletes edges only: follower and
 * following counts are derived from the edges by the stream pipeline, exactly once.
 *
 * <p>Following is a conditional put (an edge exists once or not at all), so following twice is a
 * no-op and never a second stream INSERT; unfollowing is a delete, a no-op when there is no edge.
 * The followee is checked with a read, not a transaction condition: a condition check on a popular
 * user's profile would make concurrent follows of that user conflict with each other.
 */
public final class FollowService {

    static final Set<String> FOLLOWING_KEY = Set.of(UsersTable.PK, UsersTable.SK);
    static final Set<String> FOLLOWERS_KEY = Set.of(UsersTable.PK, UsersTable.SK, UsersTable.FOLLOWERS_PK,
            UsersTable.FOLLOWERS_SK);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final PagedQuery pages;
    private final ProfileSummaries summaries;

    public FollowService(DynamoDbClient dynamoDb, String table, Clock clock, PagedQuery pages) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.summaries = new ProfileSummaries(dynamoDb, table);
    }

    /**
     * {@code followerId} follows {@code followeeId}; true if this call created the edge.
     *
     * @throws InvalidInputException following yourself
     * @throws NotFoundException the followee does not exist or deleted their account
     */
    public boolean follow(String followerId, String followeeId, ChangeContext context) {
        requireOther(followerId, followeeId);
        Map<String, AttributeValue> followee = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(table)
                .key(UserProfile.key(followeeId))
                .projectionExpression("#status")
                .expressionAttributeNames(Map.of("#status", UserProfile.STATUS))
                .consistentRead(true)
                .build()).item();
        if (followee == null || followee.isEmpty()
                || UserStatus.DELETED.name().equals(Attributes.string(followee, UserProfile.STATUS))) {
            throw new NotFoundException("No such user");
        }
        FollowEdge edge = new FollowEdge(followerId, followeeId, clock.instant());
        try {
            dynamoDb.putItem(PutItemRequest.builder()
                    .tableName(table)
                    .item(context.stamp(edge.toItem()))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", UsersTable.PK))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException alreadyFollowing) {
            return false;
        }
    }

    /**
     * {@code followerId} stops following {@code followeeId}; true if there was an edge. A delete
     * carries no attributes, so the stream's REMOVE record shows the follow's stamp; the actor of an
     * unfollow is always the follower (only they can call it).
     */
    public boolean unfollow(String followerId, String followeeId) {
        requireOther(followerId, followeeId);
        Map<String, AttributeValue> old = dynamoDb.deleteItem(DeleteItemRequest.builder()
                .tableName(table)
                .key(FollowEdge.key(followerId, followeeId))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)
                .build()).attributes();
        return old != null && !old.isEmpty();
    }

    /** Who follows {@code userId}, in follower-id order (the order of the followers index). */
    public Page<FollowEntry> followers(String userId, PageRequest page) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .indexName(UsersTable.FOLLOWERS_INDEX)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", UsersTable.FOLLOWERS_PK))
                .expressionAttributeValues(Map.of(":pk", Attributes.s(FollowEdge.followersPartitionKey(userId))))
                .build();
        return entries(pages.page(query, "followers|" + userId, FOLLOWERS_KEY, page), FollowEdge::followerId);
    }

    /** Whom {@code userId} follows, in followee-id order. */
    public Page<FollowEntry> following(String userId, PageRequest page) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", UsersTable.PK, "#sk", UsersTable.SK))
                .expressionAttributeValues(Map.of(
                        ":pk", Attributes.s(Keys.userPk(userId)),
                        ":prefix", Attributes.s(Keys.FOLLOWS_PREFIX)))
                .consistentRead(true)
                .build();
        return entries(pages.page(query, "following|" + userId, FOLLOWING_KEY, page), FollowEdge::followeeId);
    }

    private Page<FollowEntry> entries(Page<Map<String, AttributeValue>> edges, Function<FollowEdge, String> other) {
        List<FollowEdge> parsed = edges.items().stream().map(FollowEdge::fromItem).toList();
        Map<String, UserSummary> visible = summaries.load(parsed.stream().map(other).toList());
        List<FollowEntry> entries = parsed.stream()
                .filter(edge -> visible.containsKey(other.apply(edge)))
                .map(edge -> new FollowEntry(visible.get(other.apply(edge)), edge.createdAt()))
                .toList();
        return new Page<>(entries, edges.nextCursor());
    }

    private static void requireOther(String followerId, String followeeId) {
        if (followerId.equals(followeeId)) {
            throw InvalidInputException.forField("id", "You cannot follow yourself");
        }
    }
}
