package dev.userbase.core.model;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Key prefixes of the users table. Each item type builds its keys from these; nothing else
 * concatenates key strings.
 */
public final class Keys {

    public static final String USER_PREFIX = "USER#";
    public static final String EMAIL_PREFIX = "EMAIL#";
    public static final String AUDIT_PREFIX = "AUDIT#";
    public static final String ACTED_PREFIX = "ACTED#";

    public static final String PROFILE_SK = "PROFILE";
    public static final String PREFERENCES_SK = "PREFERENCES";
    public static final String EMAIL_SK = "EMAIL";
    public static final String FOLLOWS_PREFIX = "FOLLOWS#";
    public static final String FOLLOWER_PREFIX = "FOLLOWER#";
    public static final String TOKEN_PREFIX = "TOKEN#";
    public static final String ERASURE_SK = "ERASURE";
    public static final String POOL_ORPHAN_SK = "POOL_ORPHAN";
    public static final String IDEMPOTENCY_PREFIX = "IDEMPOTENCY#";

    /** A partition key prefix and a sort key test, in the order {@link #kindOf} tries them. */
    private record KindRule(String pkPrefix, Predicate<String> sk, ItemKind kind) {
    }

    private static final List<KindRule> KINDS = List.of(
            new KindRule(USER_PREFIX, PROFILE_SK::equals, ItemKind.PROFILE),
            new KindRule(USER_PREFIX, PREFERENCES_SK::equals, ItemKind.PREFERENCES),
            new KindRule(USER_PREFIX, sk -> sk.startsWith(FOLLOWS_PREFIX), ItemKind.FOLLOW_EDGE),
            new KindRule(USER_PREFIX, sk -> sk.startsWith(TOKEN_PREFIX), ItemKind.TOKEN),
            new KindRule(USER_PREFIX, ERASURE_SK::equals, ItemKind.ERASURE),
            new KindRule(USER_PREFIX, POOL_ORPHAN_SK::equals, ItemKind.POOL_ORPHAN),
            new KindRule(EMAIL_PREFIX, EMAIL_SK::equals, ItemKind.EMAIL_RESERVATION),
            new KindRule(AUDIT_PREFIX, sk -> true, ItemKind.AUDIT_ENTRY),
            new KindRule(ACTED_PREFIX, sk -> true, ItemKind.ACTOR_LINK));

    private Keys() {
    }

    public static String userPk(String userId) {
        return USER_PREFIX + userId;
    }

    /** The user id inside a {@code USER#<id>} key, or {@code null} if the key is not a user key. */
    public static String userIdOf(String pk) {
        return pk != null && pk.startsWith(USER_PREFIX) ? pk.substring(USER_PREFIX.length()) : null;
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(UsersTable.PK, AttributeValue.fromS(pk), UsersTable.SK, AttributeValue.fromS(sk));
    }

    /** What kind of item a key belongs to: stream consumers dispatch on this. */
    public static ItemKind kindOf(String pk, String sk) {
        if (pk == null || sk == null) {
            return ItemKind.UNKNOWN;
        }
        // a loop, not a stream: the change stream classifies every record it reads
        for (KindRule rule : KINDS) {
            if (pk.startsWith(rule.pkPrefix()) && rule.sk().test(sk)) {
                return rule.kind();
            }
        }
        return ItemKind.UNKNOWN;
    }

    public static ItemKind kindOf(Map<String, AttributeValue> keyOrItem) {
        return kindOf(Attributes.string(keyOrItem, UsersTable.PK), Attributes.string(keyOrItem, UsersTable.SK));
    }
}
