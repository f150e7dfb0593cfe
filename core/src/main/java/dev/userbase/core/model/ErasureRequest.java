package dev.userbase.core.model;

import static dev.userbase.core.model.Attributes.putIfPresent;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The tombstone of a deleted account: {@code USER#<sub>} / {@code ERASURE}. While {@code PENDING}
 * it carries a TTL at the end of the grace period; DynamoDB's deletion of it (a TTL REMOVE on the
 * stream) is what starts the erasure, so no scheduler is needed. {@code ERASING} (no TTL) means the
 * cascade is running: each of its stream records runs the next step ({@code dev.userbase.core.privacy.ErasureCascade}), and
 * the cascade deletes the tombstone last. It holds what the cascade needs after the profile has lost
 * it: the Cognito user name and the addresses whose reservations must be released.
 */
public record ErasureRequest(String userId, State state, String userName, String email, String pendingEmail,
        Instant requestedAt, String requestedBy, Instant graceEndsAt, long round, Set<String> addresses) {

    /** PENDING: in the grace period (restorable); ERASING: the cascade has begun. */
    public enum State { PENDING, ERASING }

    public static final String SK = Keys.ERASURE_SK;
    public static final String USER_ID = "userId";
    public static final String STATE = "state";
    public static final String USER_NAME = "userName";
    public static final String EMAIL = "email";
    public static final String PENDING_EMAIL = "pendingEmail";
    public static final String REQUESTED_AT = "requestedAt";
    public static final String REQUESTED_BY = "requestedBy";
    public static final String EXPIRES_AT = UsersTable.TTL_ATTRIBUTE;
    /** Grows with every step the cascade takes in a new invocation (its write is the next step's trigger). */
    public static final String ROUND = "round";
    /** The (normalised) addresses whose reservations the erasure releases, recorded before anything naming them goes. */
    public static final String ADDRESSES = "addresses";

    public ErasureRequest {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(state, "state");
        addresses = addresses == null ? Set.of() : Set.copyOf(addresses);
    }

    /** A request that has recorded no address yet. */
    public ErasureRequest(String userId, State state, String userName, String email, String pendingEmail,
            Instant requestedAt, String requestedBy, Instant graceEndsAt, long round) {
        this(userId, state, userName, email, pendingEmail, requestedAt, requestedBy, graceEndsAt, round, Set.of());
    }

    public static Map<String, AttributeValue> key(String userId) {
        return Keys.key(Keys.userPk(userId), SK);
    }

    public ErasureRequest erasing() {
        return new ErasureRequest(userId, State.ERASING, userName, email, pendingEmail, requestedAt, requestedBy, null,
                round, addresses);
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key(userId));
        item.put(USER_ID, Attributes.s(userId));
        item.put(STATE, Attributes.s(state.name()));
        putIfPresent(item, USER_NAME, userName);
        putIfPresent(item, EMAIL, email);
        putIfPresent(item, PENDING_EMAIL, pendingEmail);
        putIfPresent(item, REQUESTED_AT, requestedAt);
        putIfPresent(item, REQUESTED_BY, requestedBy);
        if (state == State.PENDING && graceEndsAt != null) {
            item.put(EXPIRES_AT, Attributes.epochSeconds(graceEndsAt));
        }
        item.put(ROUND, Attributes.n(round));
        if (!addresses.isEmpty()) {
            item.put(ADDRESSES, Attributes.ss(addresses));
        }
        return item;
    }

    public static ErasureRequest fromItem(Map<String, AttributeValue> item) {
        return new ErasureRequest(
                Attributes.requiredString(item, USER_ID),
                Attributes.requiredEnum(item, STATE, State.class),
                Attributes.string(item, USER_NAME),
                Attributes.string(item, EMAIL),
                Attributes.string(item, PENDING_EMAIL),
                Attributes.instant(item, REQUESTED_AT),
                Attributes.string(item, REQUESTED_BY),
                Attributes.fromEpochSeconds(item, EXPIRES_AT),
                Attributes.number(item, ROUND, 0),
                Attributes.stringSet(item, ADDRESSES));
    }
}
