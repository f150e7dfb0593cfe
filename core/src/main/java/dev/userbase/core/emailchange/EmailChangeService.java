package dev.userbase.core.emailchange;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.access.Caller;
import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.error.ConflictException;
import dev.userbase.core.error.EmailTakenException;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.ChangeToken;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.profile.PendingEmailSync;
import dev.userbase.core.profile.ProfileService;
import dev.userbase.core.storage.Cancellation;
import dev.userbase.core.storage.RetryPolicy;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.TransactionRunner;
import dev.userbase.core.store.ChangeTokens;
import dev.userbase.core.store.EmailReservations;
import dev.userbase.core.store.Profiles;
import dev.userbase.core.userpool.UserPool;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Changing a user's email address: a token sent to the new address, then a confirmation that
 * moves the address in the table (both email guards and the profile) and in Cognito.
 *
 * <h2>Request</h2>
 * One transaction writes a PENDING guard for the new address (purpose EMAIL_CHANGE, TTL
 * {@link #TOKEN_LIFETIME}), the token item (only its SHA-256; same TTL) and the profile's
 * {@code pendingEmail}; a previous, different pending address of the same user is released in the
 * same transaction. Then the token is handed to {@link EmailChangeDelivery}. Expired tokens and
 * guards are removed by the table's TTL and cleaned up by the stream pipeline.
 *
 * <h2>Confirmation: why it cannot half-apply</h2>
 * DynamoDB and Cognito share no transaction, so the change is made in an order where every
 * intermediate state is safe and the end state is always reached by going forward:
 * <ol>
 *   <li><b>Commit (one DynamoDB transaction).</b> The new guard becomes CONFIRMED for the user, the
 *       profile's {@code email} becomes the new address with {@value #SYNC_FROM} = the old address,
 *       and the token is marked consumed. The <em>old guard is kept</em>. Before this, nothing has
 *       changed anywhere; after it, the change is decided.</li>
 *   <li><b>Cognito.</b> {@code AdminUpdateUserAttributes} sets the verified email (idempotent; tried
 *       3 times, {@link RetryPolicy#userPoolCalls()}).</li>
 *   <li><b>Finish (one DynamoDB transaction).</b> The old guard is deleted and {@value #SYNC_FROM}
 *       removed.</li>
 * </ol>
 * Between 1 and 3 the user holds <em>both</em> guards, so neither address can be taken by anyone
 * else whatever happens next, and {@value #SYNC_FROM} records exactly what is left to do. If step 2
 * fails transiently (or the function dies), the request answers 503 and the change is finished by
 * the next confirmation call with the same token, or by the user's next {@code GET /users/me}
 * (which completes any recorded step); nothing is lost and nothing is done twice. If Cognito
 * <em>refuses</em> the address (it belongs to a Cognito user the guards do not know), step 1 is
 * undone in one transaction (email and old guard back, new guard released) and the user gets 409;
 * undoing cannot fail for lack of the old address, because its guard was never released.
 */
public final class EmailChangeService implements PendingEmailSync {

    public static final Duration TOKEN_LIFETIME = Duration.ofHours(24);
    /** On a profile between commit and finish: the previous address, still guarded for the user. */
    public static final String SYNC_FROM = UserProfile.EMAIL_SYNC_FROM;
    /** On a token item once confirmed: it stays (until its TTL) so a retried confirmation can finish. */
    public static final String CONSUMED_AT = ChangeTokens.CONSUMED_AT;

    static final int TOKEN_BYTES = 32;
    /** Rounds of read, decide, write when the profile or a reservation moved in between (no wait: each round reads again). */
    private static final RetryPolicy ROUNDS = RetryPolicy.optimisticRounds();
    private static final RetryPolicy COGNITO = RetryPolicy.userPoolCalls();
    private static final Pattern TOKEN_FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Logger LOG = LogManager.getLogger(EmailChangeService.class);

    private final Profiles profiles;
    private final EmailReservations reservations;
    private final ChangeTokens tokens;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final UserPool userPool;
    private final EmailChangeDelivery delivery;
    private final Consumer<EmailAddress> addressPolicy;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param addressPolicy the rules a new address must meet beyond its syntax (the sign-up domain
     *     allow and deny lists); throws {@link InvalidInputException} to refuse one
     */
    public EmailChangeService(DynamoDbClient dynamoDb, String table, Clock clock, UserPool userPool,
            EmailChangeDelivery delivery, Consumer<EmailAddress> addressPolicy) {
        Table users = new Table(dynamoDb, table);
        this.profiles = new Profiles(users);
        this.reservations = new EmailReservations(dynamoDb, table);
        this.tokens = new ChangeTokens(users);
        this.transactions = new TransactionRunner(dynamoDb);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.userPool = Objects.requireNonNull(userPool, "userPool");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.addressPolicy = Objects.requireNonNull(addressPolicy, "addressPolicy");
    }

    /**
     * Starts changing the caller's address to {@code rawEmail}: reserves it and sends a token to it.
     *
     * @throws InvalidInputException not an address this service accepts, or already the caller's
     * @throws EmailTakenException another user holds or is claiming the address
     */
    public EmailChangeRequested request(Caller caller, String rawEmail, ChangeContext context) {
        EmailAddress address = EmailAddress.parse(rawEmail);
        addressPolicy.accept(address);
        String newEmail = address.value();
        for (int attempt = 1; attempt <= ROUNDS.maxAttempts(); attempt++) {
            UserProfile profile = readProfile(caller.userId());
            ProfileService.requireActive(profile);
            if (profile.emailSyncFrom() != null) {
                finish(caller, profile, profile.emailSyncFrom(), context);
                continue;
            }
            if (newEmail.equals(profile.email())) {
                throw InvalidInputException.forField("email", "This is already your email address");
            }
            Instant now = clock.instant();
            Optional<EmailReservation> guard = reservations.find(newEmail);
            if (guard.isPresent() && !isPendingChangeOf(guard.get(), caller.userId()) && !guard.get().isExpiredAt(now)) {
                throw new EmailTakenException();
            }
            String previousPending = profile.pendingEmail();
            boolean releasePrevious = previousPending != null && !previousPending.equals(newEmail)
                    && reservations.find(previousPending).filter(g -> isPendingChangeOf(g, caller.userId())).isPresent();

            String token = newToken();
            Instant expiresAt = now.plus(TOKEN_LIFETIME);
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(reservations.reserveForChange(newEmail, caller.userId(), now, expiresAt, context));
            items.add(tokens.create(new ChangeToken(caller.userId(), ChangeToken.Kind.EMAIL_CHANGE,
                    ChangeToken.hash(token), newEmail, now, expiresAt), context));
            items.add(profiles.requestEmailChange(profile, newEmail, now, context));
            if (releasePrevious) {
                items.add(reservations.releasePendingChange(previousPending, caller.userId()));
            }
            if (transact(items)) {
                try {
                    delivery.deliver(new EmailChangeMessage(caller.userId(), newEmail, token, expiresAt));
                } catch (UserServiceException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.error("email-change confirmation for {} could not be delivered", caller.userId(), e);
                    throw new UserServiceException(ErrorKind.UNAVAILABLE,
                            "The confirmation email could not be sent; please try again", e);
                }
                return new EmailChangeRequested(newEmail, expiresAt);
            }
        }
        throw busy();
    }

    /**
     * Confirms the caller's pending change with the token sent to the new address (see the class
     * comment for the order of steps). Confirming again after success returns the profile.
     *
     * @throws InvalidInputException (field {@code token}) unknown, expired or malformed token
     * @throws ConflictException a newer change replaced this one, or Cognito refused the address
     * @throws UserServiceException ({@code UNAVAILABLE}) Cognito could not be updated yet; retry
     */
    public UserProfile confirm(Caller caller, String token, ChangeContext context) {
        if (token == null || !TOKEN_FORMAT.matcher(token).matches()) {
            throw invalidToken();
        }
        Map<String, AttributeValue> key = ChangeToken.key(caller.userId(), ChangeToken.Kind.EMAIL_CHANGE, ChangeToken.hash(token));
        ChangeTokens.Stored stored = tokens.find(key).orElseThrow(EmailChangeService::invalidToken);
        ChangeToken changeToken = stored.token();
        boolean consumed = stored.consumed();
        String newEmail = changeToken.newEmail();
        for (int attempt = 1; attempt <= ROUNDS.maxAttempts(); attempt++) {
            Instant now = clock.instant();
            UserProfile profile = readProfile(caller.userId());
            if (newEmail != null && newEmail.equals(profile.email())) {
                // committed already (a retry, or a concurrent confirmation): finish if needed
                return profile.emailSyncFrom() == null ? profile : finish(caller, profile, profile.emailSyncFrom(), context);
            }
            if (consumed || changeToken.isExpiredAt(now)) {
                throw invalidToken();
            }
            ProfileService.requireActive(profile);
            if (profile.emailSyncFrom() != null) {
                finish(caller, profile, profile.emailSyncFrom(), context);
                continue;
            }
            if (!Objects.equals(newEmail, profile.pendingEmail())) {
                throw new ConflictException("A newer email change replaced this one; use the latest confirmation");
            }
            String oldEmail = profile.email() == null ? "" : profile.email();
            if (transact(commit(caller.userId(), profile, newEmail, oldEmail, key, now, context))) {
                UserProfile committed = profile.toBuilder().email(newEmail).pendingEmail(null)
                        .version(profile.version() + 1).updatedAt(now).build();
                return finish(caller, committed, oldEmail, context);
            }
        }
        throw busy();
    }

    /** For {@code GET /users/me}: finishes a change whose Cognito step did not complete. */
    @Override
    public UserProfile completeIfPending(Caller caller, UserProfile profile, ChangeContext context) {
        String syncFrom = profile.emailSyncFrom();
        if (syncFrom == null) {
            return profile;
        }
        try {
            return finish(caller, profile, syncFrom, context);
        } catch (UserServiceException e) {
            LOG.warn("email change of {} is still not finished: {}", caller.userId(), e.getMessage());
            return profiles.find(caller.userId()).orElse(profile);
        }
    }

    private List<TransactWriteItem> commit(String userId, UserProfile profile, String newEmail, String oldEmail,
            Map<String, AttributeValue> tokenKey, Instant now, ChangeContext context) {
        return List.of(
                reservations.confirmChange(newEmail, userId, now, context),
                profiles.commitEmailChange(profile, newEmail, oldEmail, now, context),
                tokens.consume(tokenKey, now, context));
    }

    /** Steps 2 and 3 for a committed change from {@code oldEmail} ("" if there was none) to the profile's email. */
    private UserProfile finish(Caller caller, UserProfile profile, String oldEmail, ChangeContext context) {
        String newEmail = profile.email();
        try {
            setCognitoEmail(caller.userName(), newEmail);
        } catch (UserServiceException e) {
            if (e.kind() == ErrorKind.UNAVAILABLE) {
                throw new UserServiceException(ErrorKind.UNAVAILABLE, "Your new email address is confirmed, but the "
                        + "sign-in service could not be updated yet; repeat the request to finish", e);
            }
            LOG.error("Cognito refused the new email address of {}; undoing the change", caller.userId(), e);
            undo(caller.userId(), newEmail, oldEmail, context);
            throw new ConflictException("The sign-in service refused the new address; your email address was not changed", e);
        }
        for (int attempt = 1; attempt <= ROUNDS.maxAttempts(); attempt++) {
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(profiles.finishEmailChange(caller.userId(), oldEmail, newEmail, context));
            boolean holdsOld = !oldEmail.isEmpty() && reservations.find(oldEmail)
                    .filter(g -> g.state() == EmailReservation.State.CONFIRMED && caller.userId().equals(g.userId()))
                    .isPresent();
            if (holdsOld) {
                items.add(reservations.releaseOwned(oldEmail, caller.userId()));
            }
            if (transact(items) || readProfile(caller.userId()).emailSyncFrom() == null) {
                break; // finished here, or by a concurrent call
            }
        }
        return profiles.find(caller.userId()).orElseThrow(() -> new NotFoundException("No profile exists for this user"));
    }

    private void setCognitoEmail(String userName, String email) {
        COGNITO.retrying(e -> e instanceof UserServiceException u && u.kind() == ErrorKind.UNAVAILABLE, attempt -> {
            userPool.setVerifiedEmail(userName, email);
            return null;
        });
    }

    /** Reverses a commit whose address Cognito refused: old email back, new guard released. */
    private void undo(String userId, String newEmail, String oldEmail, ChangeContext context) {
        Instant now = clock.instant();
        for (int attempt = 1; attempt <= ROUNDS.maxAttempts(); attempt++) {
            if (transact(List.of(
                    profiles.undoEmailChange(userId, newEmail, oldEmail, now, context),
                    reservations.releaseOwned(newEmail, userId)))) {
                return;
            }
            if (readProfile(userId).emailSyncFrom() == null) {
                return; // settled by a concurrent call
            }
        }
        throw busy();
    }

    private static boolean isPendingChangeOf(EmailReservation guard, String userId) {
        return guard.state() == EmailReservation.State.PENDING
                && guard.purpose() == EmailReservation.Purpose.EMAIL_CHANGE
                && userId.equals(guard.userId());
    }

    /**
     * True if the transaction committed; false if a condition failed (the caller reads again and
     * decides again). Conflicts are retried by the runner; a conflict that outlasts its retries is
     * answered as unavailable.
     */
    private boolean transact(List<TransactWriteItem> items) {
        Optional<Cancellation> refused;
        try {
            refused = transactions.commit(items);
        } catch (TransactionCanceledException e) {
            LOG.debug("email-change transaction kept conflicting: {}", e.cancellationReasons());
            throw busy();
        }
        refused.ifPresent(c -> LOG.debug("email-change transaction refused: {}", c));
        return refused.isEmpty();
    }

    private UserProfile readProfile(String userId) {
        return profiles.find(userId).orElseThrow(() -> new NotFoundException("No profile exists for this user"));
    }

    private String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static InvalidInputException invalidToken() {
        return InvalidInputException.forField("token", "This confirmation code is invalid or has expired");
    }

    private static UserServiceException busy() {
        return new UserServiceException(ErrorKind.UNAVAILABLE, "The account kept changing; please try again");
    }
}
