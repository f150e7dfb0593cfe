package dev.userbase.core.signup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.EmailReservations;
import dev.userbase.core.store.Profiles;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What happens after Cognito authenticated a user (the PostAuthentication trigger), in this order:
 * <ol>
 *   <li>the profile is read (one strongly consistent GetItem);</li>
 *   <li>a user without one who holds a PENDING {@code MIGRATION} reservation of their address was
 *       just created by the UserMigration trigger (whose {@code sub} did not exist until it
 *       returned, and for whom PostConfirmation never fires): their profile is provisioned through
 *       {@link ProfileProvisioner} with the reservation's userName, so the sign-up path's own
 *       transaction confirms the reservation and keeps {@code legacyUserId};</li>
 *   <li>{@code lastSignInAt} and {@code signInCount} are written, only if {@code lastSignInAt} is
 *       older than the interval ({@link SignInSettings}), by an UpdateItem conditional on exactly
 *       that, so Cognito's retries and concurrent sign-ins write once. {@code signInCount} thus
 *       counts sign-ins at least one interval apart. The profile's {@code version} and
 *       {@code updatedAt} do not change, and no event is published for these fields.</li>
 * </ol>
 * Nothing here fails a sign-in: a failed read or write is logged and counted
 * ({@link SignUpMetrics#SIGN_IN_NOT_RECORDED}) and the sign-in goes ahead.
 */
public final class SignInRecorder {

    /** What a sign-in did to the profile. */
    public enum Outcome {
        /** lastSignInAt and signInCount written. */
        RECORDED,
        /** The profile was created (a migrated user's first sign-in) and the sign-in recorded. */
        PROVISIONED,
        /** Recorded less than one interval ago: nothing written. */
        WITHIN_INTERVAL,
        /** The user has no profile and none is to be made here (GET /users/me or the backfill makes it). */
        NO_PROFILE,
        /** A read or write failed; logged and counted. */
        NOT_RECORDED
    }

    private static final Logger LOG = LogManager.getLogger(SignInRecorder.class);

    private final ProfileProvisioner provisioner;
    private final Profiles profiles;
    private final EmailReservations reservations;
    private final Duration interval;
    private final Clock clock;
    private final SignUpMetrics metrics;

    public SignInRecorder(ProfileProvisioner provisioner, DynamoDbClient dynamoDb, String table,
            SignInSettings settings, Clock clock, SignUpMetrics metrics) {
        this.provisioner = Objects.requireNonNull(provisioner, "provisioner");
        this.profiles = new Profiles(new Table(dynamoDb, table));
        this.reservations = new EmailReservations(dynamoDb, table);
        this.interval = settings.recordInterval();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public static SignInRecorder create(AwsClients clients, SignInSettings settings, Clock clock, SignUpMetrics metrics) {
        return new SignInRecorder(ProfileProvisioner.create(clients, clock, metrics), clients.dynamoDb(),
                clients.config().usersTable(), settings, clock, metrics);
    }

    /**
     * @param user the authenticated user as Cognito describes them ({@code userName}, {@code sub},
     *     {@code email}, names); only {@code userId} is required
     */
    public Outcome signedIn(NewUser user, ChangeContext context) {
        Objects.requireNonNull(context, "context");
        Optional<UserProfile> profile;
        boolean provisioned = false;
        try {
            profile = profiles.find(user.userId());
            if (profile.isEmpty()) {
                profile = provisionMigrated(user, context);
                provisioned = profile.isPresent();
            }
        } catch (SdkException | UserServiceException e) {
            return notRecorded(user, e);
        }
        if (profile.isEmpty()) {
            LOG.info("sign-in of {}: no profile yet, nothing recorded", user.userId());
            return Outcome.NO_PROFILE;
        }
        Instant now = clock.instant();
        Instant last = profile.get().lastSignInAt();
        if (last != null && last.isAfter(now.minus(interval))) {
            return Outcome.WITHIN_INTERVAL;
        }
        try {
            if (!profiles.recordSignIn(user.userId(), now, now.minus(interval), context)) {
                // a retry or a concurrent sign-in recorded it first (or the profile was deleted since)
                return Outcome.WITHIN_INTERVAL;
            }
            return provisioned ? Outcome.PROVISIONED : Outcome.RECORDED;
        } catch (SdkException e) {
            return notRecorded(user, e);
        }
    }

    /** The provisioner's priming (a transaction that writes nothing, a profile read), for a SnapStart snapshot. */
    public void prime() {
        provisioner.prime();
    }

    private Optional<UserProfile> provisionMigrated(NewUser user, ChangeContext context) {
        if (user.email() == null || user.email().isBlank()) {
            return Optional.empty();
        }
        Optional<EmailReservation> reservation = reservations.find(EmailAddress.normalise(user.email()));
        if (reservation.isEmpty() || reservation.get().state() != EmailReservation.State.PENDING
                || reservation.get().legacyUserId().isEmpty()) {
            return Optional.empty();
        }
        String legacyUserId = reservation.get().legacyUserId().get();
        ProvisionResult result = provisioner.provision(new NewUser(reservation.get().userName(), user.userId(),
                user.email(), user.givenName(), user.familyName(), legacyUserId), context);
        LOG.info("sign-in of migrated legacy user {}: profile {} {}", legacyUserId, user.userId(),
                result.created() ? "created" : "already existed");
        return Optional.of(result.profile());
    }

    private Outcome notRecorded(NewUser user, RuntimeException e) {
        LOG.warn("sign-in of {} not recorded; the sign-in goes ahead", user.userId(), e);
        metrics.count(SignUpMetrics.SIGN_IN_NOT_RECORDED);
        return Outcome.NOT_RECORDED;
    }
}
