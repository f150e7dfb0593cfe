package dev.userbase.core.profile;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.userbase.core.access.Caller;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.ForbiddenException;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.error.PreconditionFailedException;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.ProfileDetails;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.model.VersionCondition;
import dev.userbase.core.signup.NewUser;
import dev.userbase.core.storage.RetryPolicy;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.ErasureRequests;
import dev.userbase.core.store.Profiles;
import dev.userbase.core.store.Versioned;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Profiles: the caller's own (created on first read if sign-up could not), edits with optimistic
 * concurrency, status changes (soft delete, admin suspension) and the reads behind the public and
 * private views. Follower counts are never written here: the stream pipeline owns them.
 */
public final class ProfileService {

    private static final RetryPolicy ROUNDS = RetryPolicy.optimisticRounds();
    static final String DELETED_BY_USER = "Deleted by the user";

    private final Profiles profiles;
    private final ErasureRequests tombstones;
    private final Clock clock;
    private final ProfileProvisioning provisioning;
    private final PendingEmailSync emailSync;

    public ProfileService(DynamoDbClient dynamoDb, String table, Clock clock, ProfileProvisioning provisioning,
            PendingEmailSync emailSync) {
        Table users = new Table(dynamoDb, table);
        this.profiles = new Profiles(users);
        this.tombstones = new ErasureRequests(users);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.provisioning = Objects.requireNonNull(provisioning, "provisioning");
        this.emailSync = Objects.requireNonNull(emailSync, "emailSync");
    }

    /**
     * The caller's profile. If it is missing (PostConfirmation failed after Cognito confirmed the
     * user), it is created from the token's claims now, so no signed-up user is stuck with a 404.
     */
    public UserProfile me(Caller caller, ChangeContext context) {
        Optional<UserProfile> profile = profiles.find(caller.userId());
        if (profile.isEmpty()) {
            return provision(caller, context);
        }
        return emailSync.completeIfPending(caller, profile.get(), context);
    }

    /**
     * The caller's profile, which must be ACTIVE: a SUSPENDED or DELETED user cannot change anything.
     *
     * @throws ForbiddenException the caller is not ACTIVE
     */
    public UserProfile requireActive(Caller caller, ChangeContext context) {
        UserProfile profile = findOrProvision(caller, context);
        requireActive(profile);
        return profile;
    }

    /**
     * Refuses an administrator who may no longer act as one, on every admin route, reads too: a
     * SUSPENDED or DELETED profile, or an erased account. Their {@code admin} group is read from
     * the ID token and lasts until it expires; this read stops them from the next request. A missing
     * profile (PostConfirmation failed) is not created here, so an admin read writes nothing: it
     * cannot be a suspended one, since suspending needs the profile.
     *
     * @throws ForbiddenException the administrator's account is not ACTIVE, or was erased
     */
    public void requireActiveAdministrator(Caller caller) {
        Optional<String> refusal = administratorRefusal(caller);
        if (refusal.isPresent()) {
            throw new ForbiddenException(refusal.get());
        }
    }

    /**
     * Whether {@code caller} may use an administrator's powers outside the admin routes (the full
     * view of another user, a deleted user's profile and lists): in the {@code admin} group and not
     * refused by {@link #requireActiveAdministrator}. Reads nothing for a caller outside the group.
     */
    public boolean mayAdminister(Caller caller) {
        return caller.isAdmin() && administratorRefusal(caller).isEmpty();
    }

    private Optional<String> administratorRefusal(Caller caller) {
        Optional<UserProfile> profile = profiles.find(caller.userId());
        if (profile.isEmpty()) {
            return tombstones.erasedLately(caller.userId(), clock.instant())
                    ? Optional.of("This account has been erased") : Optional.empty();
        }
        return switch (profile.get().status()) {
            case ACTIVE -> Optional.empty();
            case SUSPENDED -> Optional.of("This account is suspended and cannot administer users");
            case DELETED -> Optional.of("This account has been deleted and cannot administer users");
        };
    }

    /** The caller's profile, created from the token's claims if it is missing; any status. */
    public UserProfile findOrProvision(Caller caller, ChangeContext context) {
        return profiles.find(caller.userId()).orElseGet(() -> provision(caller, context));
    }

    public static void requireActive(UserProfile profile) {
        switch (profile.status()) {
            case ACTIVE -> { }
            case SUSPENDED -> throw new ForbiddenException("This account is suspended and cannot make changes");
            case DELETED -> throw new ForbiddenException("This account has been deleted and cannot make changes");
            default -> throw new IllegalStateException("unknown status " + profile.status());
        }
    }

    /** A profile, read strongly consistent. */
    public Optional<UserProfile> find(String userId) {
        return profiles.find(userId);
    }

    /** A profile for a public view: an eventually consistent read is enough (and costs half). */
    public Optional<UserProfile> findForDisplay(String userId) {
        return profiles.findForDisplay(userId);
    }

    /** A profile and its preferences in one query ({@code PREFERENCES} and {@code PROFILE} are adjacent sort keys). */
    public Optional<ProfileDetails> findWithPreferences(String userId) {
        return profiles.findWithPreferences(userId);
    }

    /**
     * Applies an edit of the caller's own profile: only the named fields are written, the version
     * grows by one, and the search index keys follow the display name.
     *
     * @throws PreconditionFailedException {@code condition} does not admit the current version
     * @throws ForbiddenException the caller is not ACTIVE
     */
    public UserProfile update(String userId, ProfileUpdate update, VersionCondition condition, ChangeContext context) {
        Versioned<UserProfile> outcome = profiles.edit(userId, update.changes(), clock.instant(), condition, context);
        if (outcome instanceof Versioned.Written<UserProfile> written) {
            return written.item();
        }
        if (outcome instanceof Versioned.Stale<UserProfile> stale) {
            requireActive(stale.current());
            throw stale(stale.version());
        }
        throw new NotFoundException("No profile exists for this user");
    }

    /**
     * Sets a user's status (and reason), keeping the status and search index keys in step with it.
     * Conditional on the version read, retried if another change came first.
     *
     * @param allowedFrom the statuses the user may be in for this change (else 403)
     * @throws NotFoundException there is no such profile
     */
    public StatusChange changeStatus(String userId, UserStatus target, String reason, Set<UserStatus> allowedFrom,
            ChangeContext context) {
        return changeStatus(userId, target, reason, allowedFrom, VersionCondition.none(), context, null);
    }

    /**
     * As above, only if the profile's version satisfies {@code condition} (an {@code If-Match}). A
     * change already in place is a success whatever the condition (RFC 9110 13.1.1), so repeating a
     * request whose Cognito step failed still finishes it.
     *
     * @throws PreconditionFailedException the version does not satisfy {@code condition}
     */
    public StatusChange changeStatus(String userId, UserStatus target, String reason, Set<UserStatus> allowedFrom,
            VersionCondition condition, ChangeContext context) {
        return changeStatus(userId, target, reason, allowedFrom, condition, context, null);
    }

    /** As above; {@code known} (may be null) is the profile just read, used for the first attempt. */
    private StatusChange changeStatus(String userId, UserStatus target, String reason, Set<UserStatus> allowedFrom,
            VersionCondition condition, ChangeContext context, UserProfile known) {
        Instant start = ROUNDS.start();
        for (int attempt = 1; ; attempt++) {
            UserProfile current = attempt == 1 && known != null ? known
                    : find(userId).orElseThrow(() -> new NotFoundException("No such user"));
            boolean inPlace = current.status() == target && Objects.equals(current.statusReason(), reason);
            if (!inPlace && !condition.admits(current.version())) {
                throw stale(current.version());
            }
            if (!allowedFrom.contains(current.status())) {
                requireActive(current);
            }
            if (inPlace) {
                return new StatusChange(current, current.status(), false);
            }
            Optional<UserProfile> updated = profiles.changeStatus(current, target, reason, clock.instant(), context);
            if (updated.isPresent()) {
                return new StatusChange(updated.get(), current.status(), true);
            }
            // changed since we read it: read again and decide again
            if (!ROUNDS.pauseBefore(attempt + 1, start)) {
                throw new UserServiceException(ErrorKind.UNAVAILABLE, "The profile kept changing; please try again");
            }
        }
    }

    /**
     * Soft delete by the user, from their profile as just read: status DELETED, hidden from search
     * and public reads. Repeating it (to finish a deletion whose Cognito step failed) writes nothing,
     * whoever deleted the account.
     */
    public StatusChange deleteOwn(UserProfile current, ChangeContext context) {
        if (current.status() == UserStatus.DELETED) {
            return new StatusChange(current, current.status(), false);
        }
        return changeStatus(current.userId(), UserStatus.DELETED, DELETED_BY_USER, Set.of(UserStatus.ACTIVE),
                VersionCondition.none(), context, current);
    }

    static PreconditionFailedException stale(long currentVersion) {
        return new PreconditionFailedException("The item has changed since you read it (it is now at version "
                + currentVersion + "); read it again and retry");
    }

    /**
     * Creates the caller's missing profile from the token's claims, unless the account was erased
     * (a token outliving the erasure: its claims would bring the erased data back).
     *
     * @throws ForbiddenException the account was erased
     */
    private UserProfile provision(Caller caller, ChangeContext context) {
        if (tombstones.erasedLately(caller.userId(), clock.instant())) {
            throw new ForbiddenException("This account has been erased");
        }
        return provisioning.provision(new NewUser(caller.userName(), caller.userId(), caller.email(),
                caller.givenName(), caller.familyName()), context);
    }
}
