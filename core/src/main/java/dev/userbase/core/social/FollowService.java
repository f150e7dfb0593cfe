package dev.userbase.core.social;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.paging.Page;
import dev.userbase.core.paging.PageRequest;
import dev.userbase.core.paging.PagedQuery;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.FollowEdges;
import dev.userbase.core.store.Profiles;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
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

    private final FollowEdges edges;
    private final Profiles profiles;
    private final Clock clock;
    private final PagedQuery pages;
    private final ProfileSummaries summaries;

    public FollowService(DynamoDbClient dynamoDb, String table, Clock clock, PagedQuery pages) {
        Table users = new Table(dynamoDb, table);
        this.edges = new FollowEdges(users);
        this.profiles = new Profiles(users);
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
        if (profiles.statusOf(followeeId).filter(status -> status != UserStatus.DELETED).isEmpty()) {
            throw new NotFoundException("No such user");
        }
        return edges.create(new FollowEdge(followerId, followeeId, clock.instant()), context);
    }

    /**
     * {@code followerId} stops following {@code followeeId}; true if there was an edge. A delete
     * carries no attributes, so the stream's REMOVE record shows the follow's stamp; the actor of an
     * unfollow is always the follower (only they can call it).
     */
    public boolean unfollow(String followerId, String followeeId) {
        requireOther(followerId, followeeId);
        return edges.delete(followerId, followeeId);
    }

    /** Who follows {@code userId}, in follower-id order (the order of the followers index). */
    public Page<FollowEntry> followers(String userId, PageRequest page) {
        QueryRequest query = edges.followersQuery(userId);
        return entries(pages.page(query, "followers|" + userId, FOLLOWERS_KEY, page), FollowEdge::followerId);
    }

    /** Whom {@code userId} follows, in followee-id order. */
    public Page<FollowEntry> following(String userId, PageRequest page) {
        QueryRequest query = edges.followingQuery(userId);
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

    /** @throws InvalidInputException following (or unfollowing) yourself */
    public static void requireOther(String followerId, String followeeId) {
        if (followerId.equals(followeeId)) {
            throw InvalidInputException.forField("id", "You cannot follow or unfollow yourself");
        }
    }
}
