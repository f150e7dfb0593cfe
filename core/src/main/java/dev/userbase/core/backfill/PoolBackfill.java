package dev.userbase.core.backfill;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.email.InvalidEmailException;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.storage.RetryPolicy;
import dev.userbase.core.storage.Sleeper;
import dev.userbase.core.storage.Table;
import dev.userbase.core.signup.EmailHeldByAnotherUserException;
import dev.userbase.core.signup.NewUser;
import dev.userbase.core.signup.ProfileProvisioner;
import dev.userbase.core.signup.ProvisionResult;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Gives every existing user of a pool a profile: pages through {@code ListUsers} (60 a page, the
 * most Cognito returns) and provisions each CONFIRMED or EXTERNAL_PROVIDER user who is enabled
 * through {@link ProfileProvisioner}, the sign-up path's own transaction, so a second run, or a run
 * beside live sign-ups, creates nothing twice and never takes an address another user owns.
 *
 * <p>After each page the checkpoint ({@link BackfillCheckpoint}: the next page's token and the
 * counts) is written to the users table, so a run stopped by its time budget, a crash or a Lambda
 * timeout resumes at the page it was on (that page's users are provisioned again, which creates
 * nothing). {@code ListUsers} is a rate-limited Cognito API (its quota is shared with the rest of
 * the account's user-pool reads): a {@link TooManyRequestsException} is waited out with
 * exponential backoff and jitter, up to eight tries a page ({@link RetryPolicy#userPoolThrottling}).
 */
public final class PoolBackfill {

    static final int PAGE_SIZE = 60;
    static final RetryPolicy THROTTLED = RetryPolicy.userPoolThrottling();

    private static final Logger LOG = LogManager.getLogger(PoolBackfill.class);


    private final CognitoIdentityProviderClient cognito;
    private final ProfileProvisioner provisioner;
    private final Table users;
    private final Clock clock;
    private final RetryPolicy throttled;

    public PoolBackfill(CognitoIdentityProviderClient cognito, ProfileProvisioner provisioner, DynamoDbClient dynamoDb,
            String table, Clock clock, Sleeper sleeper) {
        this.cognito = Objects.requireNonNull(cognito, "cognito");
        this.provisioner = Objects.requireNonNull(provisioner, "provisioner");
        this.users = new Table(dynamoDb, table);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.throttled = THROTTLED.withSleeper(Objects.requireNonNull(sleeper, "sleeper"));
    }

    public static Sleeper realSleep() {
        return Sleeper.real();
    }

    /**
     * Provisions the pool's users from the checkpoint on (or from the first page if there is none or
     * the last run finished), until the pool ends or {@code keepGoing} says stop (checked between pages).
     */
    public BackfillReport run(String userPoolId, BooleanSupplier keepGoing, ChangeContext context) {
        Objects.requireNonNull(userPoolId, "userPoolId");
        Optional<BackfillCheckpoint> saved = users.get(BackfillCheckpoint.key(userPoolId), BackfillCheckpoint::fromItem);
        Instant now = clock.instant();
        BackfillCheckpoint checkpoint = saved.filter(c -> !c.finished())
                .orElse(new BackfillCheckpoint(userPoolId, null, BackfillReport.empty(), now, now, null));
        if (saved.isPresent() && !saved.get().finished()) {
            LOG.info("backfill of {} resumes after {} pages", userPoolId, checkpoint.counts().pages());
        }
        BackfillReport counts = checkpoint.counts();
        String token = checkpoint.paginationToken();
        do {
            ListUsersResponse page = listUsers(userPoolId, token);
            for (UserType user : page.users()) {
                counts = counts.plus(provision(user, context));
            }
            counts = counts.withPage();
            token = page.paginationToken();
            boolean done = token == null || token.isEmpty();
            checkpoint = new BackfillCheckpoint(userPoolId, done ? null : token, counts, checkpoint.startedAt(),
                    clock.instant(), done ? clock.instant() : null);
            save(checkpoint);
            if (done) {
                LOG.info("backfill of {} finished: {}", userPoolId, counts);
                return counts.completed(true);
            }
        } while (keepGoing.getAsBoolean());
        LOG.info("backfill of {} stopped for its time budget after {} pages; the next run resumes", userPoolId,
                counts.pages());
        return counts.completed(false);
    }

    private BackfillReport.Outcome provision(UserType user, ChangeContext context) {
        if (!Boolean.TRUE.equals(user.enabled())) {
            return BackfillReport.Outcome.DISABLED;
        }
        if (user.userStatus() != UserStatusType.CONFIRMED && user.userStatus() != UserStatusType.EXTERNAL_PROVIDER) {
            return BackfillReport.Outcome.UNCONFIRMED;
        }
        Map<String, String> attributes = user.attributes().stream()
                .filter(a -> a.value() != null)
                .collect(Collectors.toMap(AttributeType::name, AttributeType::value, (a, b) -> a));
        String sub = attributes.get("sub");
        if (sub == null || attributes.get("email") == null) {
            LOG.warn("backfill: user {} has no sub or no email; skipped", user.username());
            return BackfillReport.Outcome.INVALID;
        }
        try {
            ProvisionResult result = provisioner.provision(new NewUser(user.username(), sub, attributes.get("email"),
                    attributes.get("given_name"), attributes.get("family_name")), context);
            return result.created() ? BackfillReport.Outcome.CREATED : BackfillReport.Outcome.ALREADY_PRESENT;
        } catch (EmailHeldByAnotherUserException e) {
            // logged at ERROR and counted by the provisioner
            return BackfillReport.Outcome.EMAIL_HELD;
        } catch (InvalidEmailException e) {
            LOG.warn("backfill: user {} has an email address the service does not accept; skipped", sub);
            return BackfillReport.Outcome.INVALID;
        }
    }

    private ListUsersResponse listUsers(String userPoolId, String token) {
        try {
            return throttled.retrying(e -> {
                if (e instanceof TooManyRequestsException) {
                    LOG.info("ListUsers throttled; waiting before the next try");
                    return true;
                }
                return false;
            }, attempt -> cognito.listUsers(b -> b.userPoolId(userPoolId).limit(PAGE_SIZE).paginationToken(token)));
        } catch (TooManyRequestsException e) {
            throw new UserServiceException(ErrorKind.UNAVAILABLE,
                    "Cognito kept throttling ListUsers; run the backfill again to resume", e);
        }
    }

    private void save(BackfillCheckpoint checkpoint) {
        users.put(checkpoint.toItem());
    }
}
