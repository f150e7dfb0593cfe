package dev.userbase.core.signup;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Cancellation;
import dev.userbase.core.storage.RetryPolicy;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.TransactionRunner;
import dev.userbase.core.store.EmailReservations;
import dev.userbase.core.store.Profiles;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Creates a confirmed user's profile and makes their email address theirs, atomically and
 * idempotently. Called by the PostConfirmation trigger, by the admin API after
 * {@code AdminCreateUser} (PostConfirmation does not fire for admin-created users) and by
 * {@code GET /users/me} when a confirmed user's profile is missing.
 *
 * <p>One {@code TransactWriteItems} puts the profile (only if absent) and turns this user's PENDING
 * email reservation into CONFIRMED (userId = sub, TTL removed). When it is cancelled the provisioner
 * reads the two items and decides:
 * <ul>
 *   <li>the profile exists: done (a retry or a concurrent duplicate), nothing is written twice;</li>
 *   <li>no reservation, or an expired PENDING one of another sign-up (a user who predates the
 *       trigger, or whose reservation TTL passed): the profile and a CONFIRMED guard are created
 *       together, on the condition that the address is still free;</li>
 *   <li>the address is held by another user: nothing is written; the failure is logged at ERROR,
 *       counted ({@link SignUpMetrics#EMAIL_HELD_BY_ANOTHER_USER}) and thrown
 *       ({@link EmailHeldByAnotherUserException}).</li>
 * </ul>
 * Transactions that collide with a concurrent one (TransactionConflict) are tried again.
 */
public final class ProfileProvisioner {

    private static final RetryPolicy CONFLICTS = RetryPolicy.provisioningConflicts();
    /**
     * Rounds of transaction, reads and decision: another round is needed only when the reservation
     * changed between a cancelled transaction and the reads. With CONFLICTS inside each of the two
     * transactions of a round, the worst case stays well inside Cognito's 5 seconds.
     */
    private static final int ROUNDS = 3;
    static final String PRIMING_USER_ID = "__priming__";

    private static final Logger LOG = LogManager.getLogger(ProfileProvisioner.class);

    private final Profiles profiles;
    private final EmailReservations reservations;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final SignUpMetrics metrics;

    public ProfileProvisioner(DynamoDbClient dynamoDb, String table, Clock clock, SignUpMetrics metrics) {
        this.profiles = new Profiles(new Table(dynamoDb, table));
        this.reservations = new EmailReservations(dynamoDb, table);
        this.transactions = new TransactionRunner(dynamoDb, CONFLICTS);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public static ProfileProvisioner create(AwsClients clients, Clock clock, SignUpMetrics metrics) {
        return new ProfileProvisioner(clients.dynamoDb(), clients.config().usersTable(), clock, metrics);
    }

    /**
     * Makes sure {@code user} has a profile and owns their email address.
     *
     * @throws dev.userbase.core.email.InvalidEmailException the user's email address is not one this service accepts
     * @throws EmailHeldByAnotherUserException the address belongs to another user; nothing was written
     * @throws UserServiceException ({@link ErrorKind#UNAVAILABLE}) concurrent writes kept colliding
     */
    public ProvisionResult provision(NewUser user, ChangeContext context) {
        Objects.requireNonNull(context, "context");
        String email = EmailAddress.normalise(user.email());
        // conflicts are retried inside each transaction (CONFLICTS); a round repeats only when the
        // reservation changed between a cancelled transaction and the reads that explain it
        for (int round = 1; round <= ROUNDS; round++) {
            Instant now = clock.instant();
            UserProfile profile = newProfile(user, email, now);
            if (commit(List.of(profiles.create(profile, context),
                    reservations.confirm(email, user.userName(), user.userId(), now, context)))) {
                return created(profile);
            }
            Optional<UserProfile> existing = profiles.find(user.userId());
            if (existing.isPresent()) {
                LOG.debug("profile of {} already exists", user.userId());
                return new ProvisionResult(existing.get(), false);
            }
            EmailReservation guard = reservations.find(email).orElse(null);
            if (isHeldBy(guard, user)) {
                continue; // changed since the transaction; the next one sees it
            }
            if (guard != null && !guard.isExpiredAt(now)) {
                throw heldByAnother(user, email, guard);
            }
            EmailReservation claim = new EmailReservation(email, EmailReservation.State.CONFIRMED,
                    EmailReservation.Purpose.SIGN_UP, user.userName(), user.userId(), now, null, now);
            if (commit(List.of(profiles.create(profile, context), reservations.claim(claim, now, context)))) {
                LOG.info("created profile of {} with no prior email reservation", user.userId());
                return created(profile);
            }
        }
        throw unavailable();
    }

    /**
     * Exercises the transaction path without writing anything (a condition check on a key that
     * never exists fails, cancelling the transaction), so a SnapStart snapshot holds warm code.
     */
    public void prime() {
        // the cancellation is classified on the real path too
        transactions.commit(List.of(profiles.existsCheck(PRIMING_USER_ID)));
        profiles.find(PRIMING_USER_ID);
    }

    private ProvisionResult created(UserProfile profile) {
        return new ProvisionResult(profile, true);
    }

    private static UserProfile newProfile(NewUser user, String email, Instant now) {
        return UserProfile.builder()
                .userId(user.userId())
                .email(email)
                .givenName(user.givenName())
                .familyName(user.familyName())
                .displayName(user.displayName())
                .legacyUserId(user.legacyUserId())
                .createdAt(now)
                .updatedAt(now)
                .build();
    }

    /**
     * True when the transaction was written; false when its conditions refused it.
     *
     * @throws UserServiceException ({@link ErrorKind#UNAVAILABLE}) conflicts outlasted the retries
     */
    private boolean commit(List<TransactWriteItem> items) {
        Optional<Cancellation> refused;
        try {
            refused = transactions.commit(items);
        } catch (TransactionCanceledException e) {
            throw unavailable();
        }
        if (refused.isEmpty()) {
            return true;
        }
        if (refused.get().onlyConditionsFailed()) {
            return false;
        }
        throw refused.get().cause();
    }

    private static UserServiceException unavailable() {
        return new UserServiceException(ErrorKind.UNAVAILABLE,
                "Your profile could not be created because of concurrent changes; please try again");
    }

    private static boolean isHeldBy(EmailReservation guard, NewUser user) {
        if (guard == null) {
            return false;
        }
        return guard.state() == EmailReservation.State.PENDING
                ? user.userName().equals(guard.userName())
                : user.userId().equals(guard.userId());
    }

    private EmailHeldByAnotherUserException heldByAnother(NewUser user, String email, EmailReservation guard) {
        String holder = guard.userId() != null ? "user " + guard.userId() : "sign-up " + guard.userName();
        LOG.error("No profile created for confirmed user {} (userName {}): the email address at {} is {} by {}"
                        + " ({} since {}); the reservation was left untouched",
                user.userId(), user.userName(), domainOf(email),
                guard.state() == EmailReservation.State.PENDING ? "reserved" : "owned", holder,
                guard.purpose(), guard.createdAt());
        metrics.count(SignUpMetrics.EMAIL_HELD_BY_ANOTHER_USER);
        return new EmailHeldByAnotherUserException();
    }

    private static String domainOf(String email) {
        return email.substring(email.indexOf('@') + 1);
    }
}
