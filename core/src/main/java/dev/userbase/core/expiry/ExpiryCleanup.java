package dev.userbase.core.expiry;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.email.InvalidEmailException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.ChangeToken;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.ItemKind;
import dev.userbase.core.model.PoolOrphan;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.ChangeTokens;
import dev.userbase.core.store.EmailReservations;
import dev.userbase.core.store.Profiles;
import dev.userbase.core.streams.ChangeRecord;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminDeleteUserRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Releases what depended on an item DynamoDB's TTL deleted. Only deletions made by TTL
 * ({@link ChangeRecord#isTtlExpiry()}) count: a user deleting their own token is not an expiry.
 *
 * <ul>
 *   <li>An email-change token, or the PENDING reservation of an email change: the pending address
 *       is taken off the profile (stamped {@link ChangeContext#expiry}, whose stream record
 *       then publishes {@code user.email.change.expired}), the new address's PENDING reservation is
 *       deleted, and the change's other tokens go too.</li>
 *   <li>The PENDING reservation of a sign-up: if the Cognito user is still UNCONFIRMED it is deleted
 *       (AdminDeleteUser), so the address can sign up again; {@code user.signup.expired} stands. If
 *       the user confirmed meanwhile, nothing is deleted and the event is dropped.</li>
 *   <li>The marker of a Cognito user an admin creation could not give a profile ({@link PoolOrphan},
 *       written already expired): the user is deleted (AdminDeleteUser) if it is still that one (same
 *       sub), disabled, has not signed in and has no profile; a creation retried meanwhile that gave it a
 *       profile keeps it. No event either way.</li>
 * </ul>
 * Every step is conditional on the state it releases, so running it again (a redelivered record)
 * does nothing more.
 */
public final class ExpiryCleanup {

    private static final Logger LOG = LogManager.getLogger(ExpiryCleanup.class);

    /** Whether the expiry stands (its events are published) or turned out not to be one. */
    public enum Outcome { EXPIRED, NOT_EXPIRED }

    private final EmailReservations reservations;
    private final ChangeTokens tokens;
    private final Profiles profiles;
    private final Supplier<CognitoIdentityProviderClient> cognito;
    private final String userPoolId;

    /** @param cognito asked only for an expired sign-up, so a container that never sees one never builds a Cognito client */
    public ExpiryCleanup(DynamoDbClient dynamoDb, String table, Supplier<CognitoIdentityProviderClient> cognito,
            String userPoolId) {
        Table users = new Table(dynamoDb, table);
        this.reservations = new EmailReservations(dynamoDb, table);
        this.tokens = new ChangeTokens(users);
        this.profiles = new Profiles(users);
        this.cognito = Objects.requireNonNull(cognito, "cognito");
        this.userPoolId = userPoolId;
    }

    /** Releases what the expired item held; a record that is not a TTL deletion is left alone. */
    public Outcome release(ChangeRecord record) {
        if (!record.isTtlExpiry() || record.oldImage() == null) {
            return Outcome.EXPIRED;
        }
        if (record.kind() == ItemKind.TOKEN) {
            ChangeToken token = ChangeToken.fromItem(record.oldImage());
            if (token.kind() == ChangeToken.Kind.EMAIL_CHANGE && token.newEmail() != null) {
                withdrawEmailChange(token.userId(), token.newEmail(), record.eventId());
            }
            return Outcome.EXPIRED;
        }
        if (record.kind() == ItemKind.POOL_ORPHAN) {
            deleteOrphan(PoolOrphan.fromItem(record.oldImage()));
            return Outcome.EXPIRED;
        }
        if (record.kind() == ItemKind.EMAIL_RESERVATION) {
            EmailReservation reservation = EmailReservation.fromItem(record.oldImage());
            if (reservation.state() != EmailReservation.State.PENDING) {
                return Outcome.EXPIRED;
            }
            if (reservation.purpose() == EmailReservation.Purpose.EMAIL_CHANGE && reservation.userId() != null) {
                withdrawEmailChange(reservation.userId(), reservation.email(), record.eventId());
                return Outcome.EXPIRED;
            }
            if (reservation.purpose() == EmailReservation.Purpose.SIGN_UP && reservation.userName() != null) {
                return expireSignUp(reservation.userName());
            }
        }
        return Outcome.EXPIRED;
    }

    private void withdrawEmailChange(String userId, String pendingEmail, String streamEventId) {
        String normalised = normalise(pendingEmail);
        // the new address's reservation, if it is still this change's (else: gone already,
        // confirmed, or held by someone else now: not ours to release)
        reservations.releaseExpiredChange(normalised, userId);
        // the change's remaining tokens
        for (ChangeToken token : tokens.ofKind(userId, ChangeToken.Kind.EMAIL_CHANGE)) {
            if (token.newEmail() != null && normalise(token.newEmail()).equals(normalised)) {
                tokens.delete(token);
            }
        }
        // the pending address on the profile; this write's stream record publishes user.email.change.expired
        if (profiles.withdrawPendingEmail(userId, pendingEmail, normalised,
                ChangeContext.expiry(streamEventId))) {
            LOG.info("email change of {} expired: pending address released", userId);
        }
        // otherwise confirmed, replaced by a newer request, or released already
    }

    private Outcome expireSignUp(String userName) {
        Optional<AdminGetUserResponse> user = poolUser(userName, "the unconfirmed user of an expired sign-up");
        if (user.isEmpty()) {
            return Outcome.EXPIRED; // deleted already (an earlier attempt, or an admin)
        }
        if (user.get().userStatus() != UserStatusType.UNCONFIRMED) {
            LOG.info("sign-up {} reservation expired, but the user is {}: kept", userName, user.get().userStatusAsString());
            return Outcome.NOT_EXPIRED;
        }
        deletePoolUser(userName);
        LOG.info("sign-up {} expired unconfirmed: Cognito user deleted, address released", userName);
        return Outcome.EXPIRED;
    }

    private void deleteOrphan(PoolOrphan orphan) {
        Optional<AdminGetUserResponse> user = poolUser(orphan.userName(), "the user an admin creation left without a profile");
        if (user.isEmpty()) {
            return;
        }
        String sub = user.get().userAttributes().stream().filter(a -> "sub".equals(a.name()))
                .map(AttributeType::value).findFirst().orElse(null);
        boolean orphaned = orphan.userId().equals(sub) && !Boolean.TRUE.equals(user.get().enabled())
                && user.get().userStatus() == UserStatusType.FORCE_CHANGE_PASSWORD
                && profiles.statusOf(orphan.userId()).isEmpty();
        if (!orphaned) {
            LOG.info("Cognito user {} was left by an admin creation, but is in use now: kept", orphan.userName());
            return;
        }
        deletePoolUser(orphan.userName());
        LOG.info("Cognito user {} that an admin creation left without a profile: deleted", orphan.userName());
    }

    private Optional<AdminGetUserResponse> poolUser(String userName, String what) {
        if (userPoolId == null || userPoolId.isBlank()) {
            throw new IllegalStateException("USER_POOL_ID is not set: cannot delete " + what);
        }
        try {
            return Optional.of(cognito.get().adminGetUser(
                    AdminGetUserRequest.builder().userPoolId(userPoolId).username(userName).build()));
        } catch (UserNotFoundException e) {
            return Optional.empty();
        }
    }

    private void deletePoolUser(String userName) {
        try {
            cognito.get().adminDeleteUser(AdminDeleteUserRequest.builder().userPoolId(userPoolId).username(userName).build());
        } catch (UserNotFoundException e) {
            // deleted meanwhile
        }
    }

    private static String normalise(String email) {
        try {
            return EmailAddress.normalise(email);
        } catch (InvalidEmailException e) {
            return email;
        }
    }
}
