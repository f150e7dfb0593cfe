package dev.userbase.core.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The rule by which a not-yet-created Cognito user (a sign-up, a legacy user being migrated)
 * reserves an email address: a PENDING guard with a TTL, written on the condition that there is
 * no guard, or an expired PENDING one (DynamoDB deletes expired items lazily, so the condition
 * compares {@code expiresAt} with now itself), or a PENDING one for this same {@code userName}
 * (Cognito retries a trigger that timed out). Anything else holds the address.
 */
public final class EmailReservations {

    private final Table table;

    public EmailReservations(DynamoDbClient dynamoDb, String table) {
        this.table = new Table(dynamoDb, table);
    }

    /** The guard of a normalised address, read strongly consistent. */
    public Optional<EmailReservation> find(String normalisedEmail) {
        return table.get(EmailReservation.key(normalisedEmail), EmailReservation::fromItem);
    }

    /**
     * The address is free for a PENDING reservation by {@code userName} at {@code now}: no guard, or
     * an expired PENDING one, or a PENDING one of this same {@code userName}.
     */
    static Condition freeForPending(String userName, Instant now) {
        return Condition.notExists(UsersTable.PK).or(
                Condition.eq(EmailReservation.STATE, EmailReservation.State.PENDING)
                        .and(Condition.atOrBefore(EmailReservation.EXPIRES_AT, now)
                                .or(Condition.eq(EmailReservation.USER_NAME, userName))));
    }

    /**
     * Writes {@code reservation} (PENDING, with {@code userName} and {@code expiresAt}) if the address
     * is free for it at {@code now}.
     *
     * @return empty when the address is now reserved; otherwise the guard that holds it
     */
    public Optional<EmailReservation> reservePending(EmailReservation reservation, Instant now, ChangeContext context) {
        if (reservation.state() != EmailReservation.State.PENDING || reservation.userName() == null) {
            throw new IllegalArgumentException("only a PENDING reservation with a userName is reserved this way");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                table.put(context.stamp(reservation.toItem()), freeForPending(reservation.userName(), now));
                return Optional.empty();
            } catch (ConditionalCheckFailedException e) {
                Map<String, AttributeValue> old = e.item();
                Optional<EmailReservation> holder = old != null && !old.isEmpty()
                        ? Optional.of(EmailReservation.fromItem(old))
                        : find(reservation.email());
                // a holder that vanished since (deleted by its TTL) frees the address: try once more
                if (holder.isPresent() || attempt == 2) {
                    return Optional.of(holder.orElse(reservation));
                }
            }
        }
    }

    /**
     * The address is free for a guard created outright (a user whose sign-up left no reservation):
     * no guard, or an expired PENDING one.
     */
    static Condition freeAt(Instant now) {
        return Condition.notExists(UsersTable.PK).or(
                Condition.eq(EmailReservation.STATE, EmailReservation.State.PENDING)
                        .and(Condition.atOrBefore(EmailReservation.EXPIRES_AT, now)));
    }

    /**
     * The guard is this user's: PENDING for their sign-up ({@code userName}), or already CONFIRMED
     * for them ({@code userId}), so a retried confirmation holds too.
     */
    static Condition heldBy(String userName, String userId) {
        return Condition.eq(EmailReservation.STATE, EmailReservation.State.PENDING)
                .and(Condition.eq(EmailReservation.USER_NAME, userName))
                .or(Condition.eq(EmailReservation.STATE, EmailReservation.State.CONFIRMED)
                        .and(Condition.eq(EmailReservation.USER_ID, userId)));
    }

    /** The guard is {@code userId}'s PENDING reservation for an email change. */
    static Condition pendingChangeOf(String userId) {
        return Condition.eq(EmailReservation.STATE, EmailReservation.State.PENDING)
                .and(Condition.eq(EmailReservation.PURPOSE, EmailReservation.Purpose.EMAIL_CHANGE))
                .and(Condition.eq(EmailReservation.USER_ID, userId));
    }

    /** The guard is {@code userId}'s CONFIRMED address. */
    static Condition ownedBy(String userId) {
        return Condition.eq(EmailReservation.STATE, EmailReservation.State.CONFIRMED)
                .and(Condition.eq(EmailReservation.USER_ID, userId));
    }

    /**
     * The address is free for {@code userId}'s email change at {@code now}: no guard, an expired
     * PENDING one, or this user's own pending change (a repeated request).
     */
    static Condition freeForChange(String userId, Instant now) {
        return Condition.notExists(UsersTable.PK).or(
                Condition.eq(EmailReservation.STATE, EmailReservation.State.PENDING)
                        .and(Condition.atOrBefore(EmailReservation.EXPIRES_AT, now)
                                .or(Condition.eq(EmailReservation.PURPOSE, EmailReservation.Purpose.EMAIL_CHANGE)
                                        .and(Condition.eq(EmailReservation.USER_ID, userId)))));
    }

    // ---- sign-up, migration, email change, expiry (B1)

    /**
     * A transaction item that reserves {@code email} for {@code userId}'s email change until
     * {@code expiresAt}, if the address is {@link #freeForChange free for it}.
     */
    public TransactWriteItem reserveForChange(String email, String userId, Instant now, Instant expiresAt,
            ChangeContext context) {
        EmailReservation guard = new EmailReservation(email, EmailReservation.State.PENDING,
                EmailReservation.Purpose.EMAIL_CHANGE, null, userId, now, expiresAt, null);
        return table.putItem(context.stamp(guard.toItem()), freeForChange(userId, now));
    }

    /**
     * A transaction item that makes {@code userId}'s pending change of address final: CONFIRMED,
     * TTL removed; holds only while the reservation is theirs and not expired at {@code now}.
     */
    public TransactWriteItem confirmChange(String email, String userId, Instant now, ChangeContext context) {
        return table.updateItem(EmailReservation.key(email), UpdateExpression.create()
                        .set(EmailReservation.STATE, EmailReservation.State.CONFIRMED)
                        .set(EmailReservation.CONFIRMED_AT, now)
                        .remove(EmailReservation.EXPIRES_AT)
                        .stamp(context),
                pendingChangeOf(userId).and(Condition.after(EmailReservation.EXPIRES_AT, now)));
    }

    /** A transaction item that deletes {@code userId}'s pending change reservation of {@code email}. */
    public TransactWriteItem releasePendingChange(String email, String userId) {
        return table.deleteItem(EmailReservation.key(email), pendingChangeOf(userId));
    }

    /**
     * Deletes {@code userId}'s pending change reservation of {@code email} now (its change expired).
     *
     * @return false when it was not theirs to release (gone already, confirmed, held by another)
     */
    public boolean releaseExpiredChange(String email, String userId) {
        try {
            table.delete(EmailReservation.key(email), pendingChangeOf(userId));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** A transaction item that deletes the CONFIRMED guard of {@code email} if {@code userId} owns it. */
    public TransactWriteItem releaseOwned(String email, String userId) {
        return table.deleteItem(EmailReservation.key(email), ownedBy(userId));
    }

    /**
     * Deletes the reservation of {@code email} if it is {@code userId}'s, or (a sign-up never
     * confirmed) held for {@code userName}: an erasure releases every address of the account.
     *
     * @return false when it was not theirs (gone already, or someone else's now)
     */
    public boolean releaseForErasure(String email, String userId, String userName) {
        Condition theirs = Condition.eq(EmailReservation.USER_ID, userId);
        if (userName != null) {
            theirs = theirs.or(Condition.eq(EmailReservation.USER_NAME, userName));
        }
        try {
            table.delete(EmailReservation.key(email), theirs);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * A conditional write that always fails its condition (nothing exists under the priming key):
     * exercises the reservation path for a SnapStart snapshot, writes nothing.
     */
    public void prime(String primingEmail) {
        try {
            table.put(EmailReservation.key(primingEmail), Condition.exists(UsersTable.PK));
        } catch (ConditionalCheckFailedException expected) {
            // the expected outcome
        }
    }

    /**
     * A transaction item that confirms the user's reservation of {@code email}: CONFIRMED, owned by
     * {@code userId}, its TTL removed; holds only if the guard is {@link #heldBy this user's}.
     */
    public TransactWriteItem confirm(String email, String userName, String userId, Instant now, ChangeContext context) {
        return table.updateItem(EmailReservation.key(email), UpdateExpression.create()
                        .set(EmailReservation.STATE, EmailReservation.State.CONFIRMED)
                        .set(EmailReservation.USER_ID, userId)
                        .set(EmailReservation.CONFIRMED_AT, now)
                        .remove(EmailReservation.EXPIRES_AT)
                        .stamp(context),
                heldBy(userName, userId));
    }

    /** A transaction item that writes {@code guard} (a CONFIRMED one) if the address is {@link #freeAt free}. */
    public TransactWriteItem claim(EmailReservation guard, Instant now, ChangeContext context) {
        if (guard.state() != EmailReservation.State.CONFIRMED) {
            throw new IllegalArgumentException("only a CONFIRMED guard is claimed outright");
        }
        return table.putItem(context.stamp(guard.toItem()), freeAt(now));
    }

    // ---- erasure (B2)
}
