package dev.userbase.core.signup;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.repo.Transactions;
import dev.userbase.core.repo.UserRepository;
import dev.userbase.core.storage.RetryPolicy;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

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
    static final String PRIMING_USER_ID = "__priming__";

    private static final Logger LOG = LogManager.getLogger(ProfileProvisioner.class);

    private static final Map<String, String> NAMES = Map.of(
            "#pk", UsersTable.PK,
            "#state", EmailReservation.STATE,
            "#userName", EmailReservation.USER_NAME,
            "#userId", EmailReservation.USER_ID,
            "#expiresAt", EmailReservation.EXPIRES_AT,
            "#confirmedAt", EmailReservation.CONFIRMED_AT);

    private final UserRepository repository;
    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final SignUpMetrics metrics;

    public ProfileProvisioner(DynamoDbClient dynamoDb, String table, Clock clock, SignUpMetrics metrics) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.repository = new UserRepository(dynamoDb, table);
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
        Instant start = CONFLICTS.start();
        for (int attempt = 1; attempt <= CONFLICTS.maxAttempts(); attempt++) {
            Instant now = clock.instant();
            UserProfile profile = newProfile(user, email, now);
            Optional<Outcome> confirmed = transact(confirmReservation(profile, user, email, now, context));
            if (confirmed.isEmpty()) {
                return created(profile);
            }
            if (confirmed.get() == Outcome.CONFLICT) {
                if (!CONFLICTS.pauseBefore(attempt + 1, start)) {
                    break;
                }
                continue;
            }
            Optional<UserProfile> existing = repository.findProfile(user.userId());
            if (existing.isPresent()) {
                LOG.debug("profile of {} already exists", user.userId());
                return new ProvisionResult(existing.get(), false);
            }
            EmailReservation guard = repository.findReservation(email).orElse(null);
            if (isHeldBy(guard, user)) {
                continue; // changed since the transaction; the next one sees it
            }
            if (guard != null && !guard.isExpiredAt(now)) {
                throw heldByAnother(user, email, guard);
            }
            Optional<Outcome> claimed = transact(claimFreeAddress(profile, user, email, now, context));
            if (claimed.isEmpty()) {
                LOG.info("created profile of {} with no prior email reservation", user.userId());
                return created(profile);
            }
            if (claimed.get() == Outcome.CONFLICT && !CONFLICTS.pauseBefore(attempt + 1, start)) {
                break;
            }
        }
        throw new UserServiceException(ErrorKind.UNAVAILABLE,
                "Your profile could not be created because of concurrent changes; please try again");
    }

    /**
     * Exercises the transaction path without writing anything (a condition check on a key that
     * never exists fails, cancelling the transaction), so a SnapStart snapshot holds warm code.
     */
    public void prime() {
        try {
            dynamoDb.transactWriteItems(TransactWriteItemsRequest.builder()
                    .transactItems(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                            .tableName(table)
                            .key(UserProfile.key(PRIMING_USER_ID))
                            .conditionExpression("attribute_exists(#pk)")
                            .expressionAttributeNames(Map.of("#pk", UsersTable.PK))
                            .build()).build())
                    .build());
        } catch (TransactionCanceledException expected) {
            // the cancellation reasons are read on the real path too
            Transactions.onlyConditionsFailed(expected);
        }
        repository.findProfile(PRIMING_USER_ID);
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

    private TransactWriteItemsRequest confirmReservation(UserProfile profile, NewUser user, String email,
            Instant now, ChangeContext context) {
        Map<String, AttributeValue> values = new HashMap<>(context.expressionValues());
        values.put(":pending", Attributes.s(EmailReservation.State.PENDING.name()));
        values.put(":confirmed", Attributes.s(EmailReservation.State.CONFIRMED.name()));
        values.put(":userName", Attributes.s(user.userName()));
        values.put(":userId", Attributes.s(user.userId()));
        values.put(":now", Attributes.time(now));
        Update confirm = Update.builder()
                .tableName(table)
                .key(EmailReservation.key(email))
                .updateExpression("SET #state = :confirmed, #userId = :userId, #confirmedAt = :now, "
                        + ChangeContext.setClause() + " REMOVE #expiresAt")
                .conditionExpression("(#state = :pending AND #userName = :userName) OR (#state = :confirmed AND #userId = :userId)")
                .expressionAttributeNames(subset("#state", "#userId", "#confirmedAt", "#expiresAt", "#userName"))
                .expressionAttributeValues(values)
                .build();
        return TransactWriteItemsRequest.builder()
                .transactItems(putProfile(profile, context), TransactWriteItem.builder().update(confirm).build())
                .build();
    }

    private TransactWriteItemsRequest claimFreeAddress(UserProfile profile, NewUser user, String email,
            Instant now, ChangeContext context) {
        EmailReservation guard = new EmailReservation(email, EmailReservation.State.CONFIRMED,
                EmailReservation.Purpose.SIGN_UP, user.userName(), user.userId(), now, null, now);
        Put claim = Put.builder()
                .tableName(table)
                .item(context.stamp(guard.toItem()))
                .conditionExpression("attribute_not_exists(#pk) OR (#state = :pending AND #expiresAt <= :nowEpoch)")
                .expressionAttributeNames(subset("#pk", "#state", "#expiresAt"))
                .expressionAttributeValues(Map.of(
                        ":pending", Attributes.s(EmailReservation.State.PENDING.name()),
                        ":nowEpoch", Attributes.epochSeconds(now)))
                .build();
        return TransactWriteItemsRequest.builder()
                .transactItems(putProfile(profile, context), TransactWriteItem.builder().put(claim).build())
                .build();
    }

    private TransactWriteItem putProfile(UserProfile profile, ChangeContext context) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(context.stamp(profile.toItem()))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(subset("#pk"))
                .build()).build();
    }

    private enum Outcome { CONDITION_FAILED, CONFLICT }

    /** Empty when the transaction committed. */
    private Optional<Outcome> transact(TransactWriteItemsRequest request) {
        try {
            dynamoDb.transactWriteItems(request);
            return Optional.empty();
        } catch (TransactionCanceledException e) {
            if (Transactions.conflicted(e)) {
                return Optional.of(Outcome.CONFLICT);
            }
            if (Transactions.onlyConditionsFailed(e)) {
                return Optional.of(Outcome.CONDITION_FAILED);
            }
            throw e;
        }
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

    private static Map<String, String> subset(String... placeholders) {
        Map<String, String> names = new HashMap<>();
        for (String placeholder : placeholders) {
            names.put(placeholder, NAMES.get(placeholder));
        }
        return names;
    }
}
