package dev.userbase.core.model;

import static dev.userbase.core.model.Attributes.putIfPresent;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The guard that makes an email address unique: {@code EMAIL#<normalised email>} / {@code EMAIL}.
 * Uniqueness is a condition on this one item, never a query.
 *
 * <p>A PENDING reservation is held for a sign-up (by Cognito {@code userName}, before the user has
 * a {@code sub}) or an email change (by {@code userId}) and carries a TTL in {@code expiresAt}
 * (epoch seconds). DynamoDB deletes expired items lazily, so every condition compares
 * {@code expiresAt} with the current time itself. A CONFIRMED reservation has no TTL and belongs
 * to {@code userId}.
 */
public record EmailReservation(
        String email,
        State state,
        Purpose purpose,
        String userName,
        String userId,
        Instant createdAt,
        Instant expiresAt,
        Instant confirmedAt) {

    /** PENDING while a sign-up or email change is unconfirmed; CONFIRMED once the address belongs to a user. */
    public enum State { PENDING, CONFIRMED }

    /**
     * Why the address was reserved. MIGRATION: the UserMigration trigger reserved it for a legacy
     * user whom Cognito is about to create (no {@code sub} yet); {@code userName} is
     * {@link #LEGACY_USER_NAME_PREFIX} and the legacy user's id, and the first sign-in provisions the
     * profile through the sign-up path's rules.
     */
    public enum Purpose { SIGN_UP, EMAIL_CHANGE, MIGRATION }

    /** The {@code userName} of a MIGRATION reservation: this prefix and the legacy table's {@code userId}. */
    public static final String LEGACY_USER_NAME_PREFIX = "legacy#";

    public static final String EMAIL = "email";
    public static final String STATE = "state";
    public static final String PURPOSE = "purpose";
    public static final String USER_NAME = "userName";
    public static final String USER_ID = "userId";
    public static final String CREATED_AT = "createdAt";
    public static final String EXPIRES_AT = UsersTable.TTL_ATTRIBUTE;
    public static final String CONFIRMED_AT = "confirmedAt";

    public EmailReservation {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(purpose, "purpose");
    }

    public static String partitionKey(String normalisedEmail) {
        return Keys.EMAIL_PREFIX + normalisedEmail;
    }

    public static Map<String, AttributeValue> key(String normalisedEmail) {
        return Keys.key(partitionKey(normalisedEmail), Keys.EMAIL_SK);
    }

    public Map<String, AttributeValue> key() {
        return key(email);
    }

    /** A PENDING reservation for the legacy user {@code legacyUserId}, held until {@code expiresAt}. */
    public static EmailReservation forMigration(String normalisedEmail, String legacyUserId, Instant now,
            Instant expiresAt) {
        return new EmailReservation(normalisedEmail, State.PENDING, Purpose.MIGRATION,
                LEGACY_USER_NAME_PREFIX + Objects.requireNonNull(legacyUserId, "legacyUserId"), null, now,
                expiresAt, null);
    }

    /** The legacy user's id, if this is a MIGRATION reservation. */
    public Optional<String> legacyUserId() {
        if (purpose != Purpose.MIGRATION || userName == null || !userName.startsWith(LEGACY_USER_NAME_PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(userName.substring(LEGACY_USER_NAME_PREFIX.length()));
    }

    public boolean isExpiredAt(Instant now) {
        return state == State.PENDING && expiresAt != null && !expiresAt.isAfter(now);
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key());
        item.put(EMAIL, Attributes.s(email));
        item.put(STATE, Attributes.s(state.name()));
        item.put(PURPOSE, Attributes.s(purpose.name()));
        putIfPresent(item, USER_NAME, userName);
        putIfPresent(item, USER_ID, userId);
        putIfPresent(item, CREATED_AT, createdAt);
        if (expiresAt != null) {
            item.put(EXPIRES_AT, Attributes.epochSeconds(expiresAt));
        }
        putIfPresent(item, CONFIRMED_AT, confirmedAt);
        return item;
    }

    public static EmailReservation fromItem(Map<String, AttributeValue> item) {
        return new EmailReservation(
                Attributes.requiredString(item, EMAIL),
                Attributes.requiredEnum(item, STATE, State.class),
                Attributes.requiredEnum(item, PURPOSE, Purpose.class),
                Attributes.string(item, USER_NAME),
                Attributes.string(item, USER_ID),
                Attributes.instant(item, CREATED_AT),
                Attributes.fromEpochSeconds(item, EXPIRES_AT),
                Attributes.instant(item, CONFIRMED_AT));
    }
}
