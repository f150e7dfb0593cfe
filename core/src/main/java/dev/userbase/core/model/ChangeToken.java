package dev.userbase.core.model;

import static dev.userbase.core.model.Attributes.putIfPresent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A single-use token: {@code USER#<sub>} / {@code TOKEN#<kind>#<sha256 of the token>}, expiring
 * through the table's TTL. Only the token's hash is stored, so a table read or a stream record
 * never reveals a usable token.
 */
public record ChangeToken(String userId, Kind kind, String tokenHash, String newEmail, Instant createdAt, Instant expiresAt) {

    /** What a token authorises. */
    public enum Kind { EMAIL_CHANGE }

    public static final String USER_ID = "userId";
    public static final String KIND = "kind";
    public static final String TOKEN_HASH = "tokenHash";
    public static final String NEW_EMAIL = "newEmail";
    public static final String CREATED_AT = "createdAt";
    public static final String EXPIRES_AT = UsersTable.TTL_ATTRIBUTE;

    public ChangeToken {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tokenHash, "tokenHash");
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    public static String sortKey(Kind kind, String tokenHash) {
        return Keys.TOKEN_PREFIX + kind.name() + "#" + tokenHash;
    }

    public static Map<String, AttributeValue> key(String userId, Kind kind, String tokenHash) {
        return Keys.key(Keys.userPk(userId), sortKey(kind, tokenHash));
    }

    public Map<String, AttributeValue> key() {
        return key(userId, kind, tokenHash);
    }

    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key());
        item.put(USER_ID, Attributes.s(userId));
        item.put(KIND, Attributes.s(kind.name()));
        item.put(TOKEN_HASH, Attributes.s(tokenHash));
        putIfPresent(item, NEW_EMAIL, newEmail);
        putIfPresent(item, CREATED_AT, createdAt);
        if (expiresAt != null) {
            item.put(EXPIRES_AT, Attributes.epochSeconds(expiresAt));
        }
        return item;
    }

    public static ChangeToken fromItem(Map<String, AttributeValue> item) {
        return new ChangeToken(
                Attributes.requiredString(item, USER_ID),
                Attributes.requiredEnum(item, KIND, Kind.class),
                Attributes.requiredString(item, TOKEN_HASH),
                Attributes.string(item, NEW_EMAIL),
                Attributes.instant(item, CREATED_AT),
                Attributes.fromEpochSeconds(item, EXPIRES_AT));
    }
}
