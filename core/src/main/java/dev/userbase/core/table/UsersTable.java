package dev.userbase.core.table;

import java.util.List;

import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The single "users" table: profiles, preferences, email reservations, follow edges, tokens and
 * audit entries, told apart by their key prefixes (see the item types in {@code dev.userbase.core.model}).
 *
 * <p>Indexes are sparse: an item appears in an index only if it carries that index's key attributes.
 * <ul>
 *   <li>{@value #FOLLOWERS_INDEX}: follow edges inverted, to list the followers of a user.</li>
 *   <li>{@value #SEARCH_INDEX}: active profiles by folded display name, partitioned by its first two
 *       characters so a prefix query (at least two characters) hits one partition and no single
 *       partition holds every user.</li>
 *   <li>{@value #STATUS_INDEX}: profiles by status, newest first, for the admin listing.</li>
 * </ul>
 */
public final class UsersTable {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String TTL_ATTRIBUTE = "expiresAt";

    public static final String FOLLOWERS_INDEX = "followers";
    public static final String FOLLOWERS_PK = "gsi1pk";
    public static final String FOLLOWERS_SK = "gsi1sk";

    public static final String SEARCH_INDEX = "search";
    public static final String SEARCH_PK = "gsi2pk";
    public static final String SEARCH_SK = "gsi2sk";

    public static final String STATUS_INDEX = "by-status";
    public static final String STATUS_PK = "gsi3pk";
    public static final String STATUS_SK = "gsi3sk";

    public static final TableDefinition DEFINITION = new TableDefinition(
            KeyAttribute.string(PK),
            KeyAttribute.string(SK),
            List.of(
                    new IndexDefinition(FOLLOWERS_INDEX, KeyAttribute.string(FOLLOWERS_PK),
                            KeyAttribute.string(FOLLOWERS_SK), ProjectionType.ALL, List.of()),
                    new IndexDefinition(SEARCH_INDEX, KeyAttribute.string(SEARCH_PK),
                            KeyAttribute.string(SEARCH_SK), ProjectionType.INCLUDE,
                            List.of("userId", "displayName", "avatarUrl")),
                    new IndexDefinition(STATUS_INDEX, KeyAttribute.string(STATUS_PK),
                            KeyAttribute.string(STATUS_SK), ProjectionType.INCLUDE,
                            List.of("userId", "email", "displayName", "status", "createdAt", "updatedAt"))),
            TTL_ATTRIBUTE,
            StreamViewType.NEW_AND_OLD_IMAGES);

    private UsersTable() {
    }
}
