package dev.userbase.core.migration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.email.InvalidEmailException;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.store.EmailReservations;
import dev.userbase.core.signup.SignUpMetrics;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Lazy migration of a legacy user into the user pool (the Cognito UserMigration trigger).
 *
 * <p>In this order: the entered user name must be an email address; the legacy table must hold
 * exactly one row with it; at sign-in the password must match the row's bcrypt hash; the row must
 * not be disabled; and the address is reserved for the legacy user by the sign-up path's rule
 * ({@link EmailReservations#reservePending}): a PENDING {@code MIGRATION} reservation, refused when
 * a native user owns or is signing up with the address. Any refusal throws the one
 * {@link #REFUSAL} message, the one Cognito shows for a wrong password, so no answer tells whether
 * an account exists; a missing row still costs one bcrypt check, so the time does not tell either.
 *
 * <p>The user's {@code sub} does not exist until this trigger returns, so no profile is created
 * here: the PostAuthentication trigger of the same sign-in (Cognito runs it after the user exists
 * and before tokens are issued) finds the MIGRATION reservation and provisions the profile through
 * {@code ProfileProvisioner}, which turns the reservation into a CONFIRMED guard. Passwords and
 * hashes are never logged and never stored outside Cognito.
 */
public final class UserMigrationService {

    /** What Cognito shows for a wrong password; every refusal uses it (no user enumeration). */
    public static final String REFUSAL = "Incorrect username or password.";

    private static final Logger LOG = LogManager.getLogger(UserMigrationService.class);

    private final Optional<LegacyUsers> legacy;
    private final EmailReservations reservations;
    private final Clock clock;
    private final Duration reservationTtl;
    private final SignUpMetrics metrics;

    public UserMigrationService(DynamoDbClient dynamoDb, String usersTable, MigrationSettings settings,
            Duration reservationTtl, Clock clock, SignUpMetrics metrics) {
        this.legacy = settings.enabled() ? Optional.of(new LegacyUsers(dynamoDb, settings)) : Optional.empty();
        this.reservations = new EmailReservations(dynamoDb, usersTable);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reservationTtl = Objects.requireNonNull(reservationTtl, "reservationTtl");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public static UserMigrationService create(AwsClients clients, MigrationSettings settings, Clock clock,
            SignUpMetrics metrics) {
        return new UserMigrationService(clients.dynamoDb(), clients.config().usersTable(), settings,
                clients.config().emailReservationTtl(), clock, metrics);
    }

    /** {@code UserMigration_Authentication}: the legacy password must match. */
    public MigratedUser migrateOnSignIn(String userName, String password, ChangeContext context) {
        return migrate(userName, Objects.requireNonNullElse(password, ""), true, context);
    }

    /** {@code UserMigration_ForgotPassword}: no password; the user is created RESET_REQUIRED. */
    public MigratedUser migrateForPasswordReset(String userName, ChangeContext context) {
        return migrate(userName, null, false, context);
    }

    private MigratedUser migrate(String userName, String password, boolean signIn, ChangeContext context) {
        if (legacy.isEmpty()) {
            LOG.info("no legacy users table is configured; nobody is migrated");
            throw refused();
        }
        EmailAddress email;
        try {
            email = EmailAddress.parse(userName);
        } catch (InvalidEmailException | NullPointerException e) {
            burn(password, signIn);
            LOG.info("not migrated: the user name is not an email address");
            throw refused();
        }
        LegacyUsers.Lookup lookup = legacy.get().findByEmail(userName);
        if (lookup instanceof LegacyUsers.Lookup.Ambiguous ambiguous) {
            burn(password, signIn);
            LOG.warn("not migrated: {} legacy rows carry one email address (at {})", ambiguous.rows(),
                    domainOf(email.value()));
            metrics.count(SignUpMetrics.LEGACY_EMAIL_AMBIGUOUS);
            throw refused();
        }
        if (!(lookup instanceof LegacyUsers.Lookup.One one)) {
            burn(password, signIn);
            LOG.info("not migrated: no legacy user with that email address");
            throw refused();
        }
        LegacyUser user = one.user();
        if (signIn && !LegacyPasswords.matches(password, user.passwordHash())) {
            LOG.info("legacy user {} not migrated: wrong password", user.userId());
            throw refused();
        }
        if (user.disabled()) {
            LOG.info("legacy user {} not migrated: the legacy account is disabled", user.userId());
            throw refused();
        }
        Instant now = clock.instant();
        Optional<EmailReservation> holder = reservations.reservePending(
                EmailReservation.forMigration(email.value(), user.userId(), now, now.plus(reservationTtl)), now, context);
        if (holder.isPresent()) {
            LOG.warn("legacy user {} not migrated: the email address is {} by {} ({})", user.userId(),
                    holder.get().state() == EmailReservation.State.PENDING ? "reserved" : "owned",
                    holder.get().userId() != null ? "user " + holder.get().userId() : "sign-up " + holder.get().userName(),
                    holder.get().purpose());
            metrics.count(SignUpMetrics.LEGACY_EMAIL_HELD_BY_ANOTHER_USER);
            throw refused();
        }
        metrics.count(SignUpMetrics.LEGACY_USER_MIGRATED);
        LOG.info("legacy user {} migrated ({})", user.userId(), signIn ? "sign-in" : "forgot password");
        return new MigratedUser(attributes(userName.strip(), user), signIn ? "CONFIRMED" : "RESET_REQUIRED",
                user.userId());
    }

    private static Map<String, String> attributes(String email, LegacyUser user) {
        Map<String, String> attributes = new LinkedHashMap<>();
        // as entered: with email as the user name, Cognito matches the new user's email to it
        attributes.put("email", email);
        attributes.put("email_verified", "true");
        String[] names = user.givenAndFamilyName();
        if (names[0] != null) {
            attributes.put("given_name", names[0]);
        }
        if (names[1] != null) {
            attributes.put("family_name", names[1]);
        }
        return attributes;
    }

    private static void burn(String password, boolean signIn) {
        if (signIn) {
            LegacyPasswords.decoy(password);
        }
    }

    private static UserServiceException refused() {
        return new UserServiceException(ErrorKind.UNAUTHENTICATED, REFUSAL);
    }

    private static String domainOf(String email) {
        return email.substring(email.indexOf('@') + 1);
    }
}
