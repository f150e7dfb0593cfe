package dev.userbase.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * That an account was erased, for as long as a token issued before its erasure can still be
 * presented: {@code ERASED#<SHA-256 of the id>} / {@code ERASED}, expiring after {@link #KEPT}. Cognito
 * deletes the user (its refresh tokens with it), but an ID or access token stays valid until it
 * expires, and the API would otherwise create a profile from its claims for a caller without one.
 * The key is a hash, not the id: no item names the erased user, yet the API can ask about the id
 * a token carries.
 */
public final class ErasedAccount {

    /** Longer than any token's life: Cognito caps ID and access tokens at one day. */
    public static final Duration KEPT = Duration.ofDays(1).plusHours(1);
    public static final String PK_PREFIX = "ERASED#";
    public static final String SK = "ERASED";
    public static final String EXPIRES_AT = UsersTable.TTL_ATTRIBUTE;

    private ErasedAccount() {
    }

    public static Map<String, AttributeValue> key(String userId) {
        return Keys.key(PK_PREFIX + sha256(userId), SK);
    }

    /** The marker of {@code userId}'s erasure at {@code erasedAt}. */
    public static Map<String, AttributeValue> item(String userId, Instant erasedAt) {
        Map<String, AttributeValue> item = new HashMap<>(key(userId));
        item.put(EXPIRES_AT, Attributes.epochSeconds(erasedAt.plus(KEPT)));
        return item;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
