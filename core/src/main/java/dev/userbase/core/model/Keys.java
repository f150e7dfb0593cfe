package dev.userbase.core.model;

import java.util.Map;

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
        if (pk.startsWith(USER_PREFIX)) {
            if (sk.equals(PROFILE_SK)) {
                return ItemKind.PROFILE;
            }
            if (sk.equals(PREFERENCES_SK)) {
                return ItemKind.PREFERENCES;
            }
            if (sk.startsWith(FOLLOWS_PREFIX)) {
                return ItemKind.FOLLOW_EDGE;
            }
            if (sk.startsWith(TOKEN_PREFIX)) {
                return ItemKind.TOKEN;
            }
            if (sk.equals(ERASURE_SK)) {
                return ItemKind.ERASURE;
            }
            if (sk.equals(POOL_ORPHAN_SK)) {
                return ItemKind.POOL_ORPHAN;
            }
        }
        if (pk.startsWith(EMAIL_PREFIX) && sk.equals(EMAIL_SK)) {
            return ItemKind.EMAIL_RESERVATION;
        }
        if (pk.startsWith(AUDIT_PREFIX)) {
            return ItemKind.AUDIT_ENTRY;
        }
        if (pk.startsWith(ACTED_PREFIX)) {
            return ItemKind.ACTOR_LINK;
        }
        return ItemKind.UNKNOWN;
    }

    public static ItemKind kindOf(Map<String, AttributeValue> keyOrItem) {
        return kindOf(Attributes.string(keyOrItem, UsersTable.PK), Attributes.string(keyOrItem, UsersTable.SK));
    }
}
