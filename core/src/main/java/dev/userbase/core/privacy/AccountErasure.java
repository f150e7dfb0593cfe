package dev.userbase.core.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.userbase.core.access.Caller;
import dev.userbase.core.config.ApiSettings;
import dev.userbase.core.error.ConflictException;
import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.ErasureRequest;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.profile.ProfileService;
import dev.userbase.core.profile.StatusChange;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.ErasureRequests;
import dev.userbase.core.userpool.AccountLifecycle;
import dev.userbase.core.userpool.UserPool;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The API's side of erasure: it only writes the {@link ErasureRequest} tombstone; the change stream
 * does the erasing ({@link ErasureCascade}), so the API never deletes a Cognito user or an edge.
 *
 * <ul>
 *   <li>After a user deletes their account: a PENDING tombstone whose TTL ends the grace period.</li>
 *   <li>{@code POST /users/{id}/restore}: the PENDING tombstone is deleted (only while its grace
 *       period lasts), then the profile is ACTIVE again and the Cognito user enabled. Repeating it
 *       after a failure finishes it. Once the erasure has begun, 409.</li>
 *   <li>{@code POST /users/{id}/erase}: an ERASING tombstone at once (a PENDING one becomes ERASING),
 *       whatever the user's status. Repeating it while the erasure runs bumps the tombstone's round,
 *       whose stream record resumes the cascade (the operator's remedy when the change stream gave up
 *       on a record after its retries).</li>
 * </ul>
 */
public final class AccountErasure {

    /** How long a deleted account can be restored, unless configured ({@link ApiSettings#ERASURE_GRACE_DAYS}). */
    public static final Duration DEFAULT_GRACE = ApiSettings.DEFAULT_ERASURE_GRACE;
    static final String RESTORED = "Restored by an administrator";

    private final ErasureRequests tombstones;
    private final Clock clock;
    private final Duration grace;
    private final ProfileService profiles;
    private final UserPool userPool;
    private final AccountLifecycle lifecycle;

    public AccountErasure(DynamoDbClient dynamoDb, String table, Clock clock, Duration grace, ProfileService profiles,
            UserPool userPool) {
        this.tombstones = new ErasureRequests(new Table(dynamoDb, table));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.grace = Objects.requireNonNull(grace, "grace");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.userPool = Objects.requireNonNull(userPool, "userPool");
        this.lifecycle = new AccountLifecycle(userPool);
    }

    /**
     * Starts the grace period of an account its user just deleted. Idempotent: an existing tombstone
     * (this deletion repeated, or an erasure under way) is kept.
     */
    public void scheduleAfterDeletion(UserProfile deleted, String userName, String requestedBy) {
        Instant now = clock.instant();
        ErasureRequest request = new ErasureRequest(deleted.userId(), ErasureRequest.State.PENDING, userName,
                deleted.email(), deleted.pendingEmail(), now, requestedBy, now.plus(grace), 0);
        tombstones.createIfAbsent(request); // an existing one is kept: the grace period started with the first deletion
    }

    /**
     * Undoes a deletion in its grace period.
     *
     * @throws NotFoundException no such user
     * @throws ConflictException the erasure has begun, or the account is not deleted
     */
    public StatusChange restore(String userId, ChangeContext context) {
        Optional<ErasureRequest> tombstone = tombstone(userId);
        if (tombstone.isPresent() && tombstone.get().state() == ErasureRequest.State.ERASING) {
            throw new ConflictException("This account is being erased; it can no longer be restored");
        }
        UserProfile profile = profiles.find(userId).orElseThrow(() -> new NotFoundException("No such user"));
        if (tombstone.isEmpty() && profile.status() != UserStatus.DELETED) {
            if (profile.status() == UserStatus.ACTIVE) {
                return new StatusChange(profile, profile.status(), false); // restored already
            }
            throw new ConflictException("This account is not deleted");
        }
        if (tombstone.isPresent() && !tombstones.withdrawPending(userId, clock.instant())) {
            throw new ConflictException("The grace period of this account has ended; it is being erased");
        }
        StatusChange change = profiles.changeStatus(userId, UserStatus.ACTIVE, RESTORED,
                Set.of(UserStatus.DELETED, UserStatus.ACTIVE), context);
        lifecycle.applyBySub(userId, UserStatus.ACTIVE);
        return change;
    }

    /**
     * Erases an account now (any status). The erasure itself runs on the change stream.
     *
     * @throws InvalidInputException an administrator erasing themselves
     * @throws NotFoundException no such user (and no erasure under way)
     */
    public void erase(Caller admin, String userId) {
        if (admin.userId().equals(userId)) {
            throw InvalidInputException.forField("id", "Administrators cannot erase their own account");
        }
        Optional<ErasureRequest> tombstone = tombstone(userId);
        if (tombstone.isPresent() && tombstone.get().state() == ErasureRequest.State.ERASING) {
            // under way: a new round resumes an erasure whose stream record was given up on (or it ended meanwhile)
            tombstones.nextRound(userId);
            return;
        }
        UserProfile profile = profiles.find(userId).orElseThrow(() -> new NotFoundException("No such user"));
        String userName = userPool.findBySub(userId).map(u -> u.userName())
                .orElse(tombstone.map(ErasureRequest::userName).orElse(null));
        ErasureRequest request = new ErasureRequest(userId, ErasureRequest.State.ERASING, userName, profile.email(),
                profile.pendingEmail(), clock.instant(), admin.userId(), null, 0);
        tombstones.beginErasing(request); // false: another request started it meanwhile
    }

    private Optional<ErasureRequest> tombstone(String userId) {
        return tombstones.find(userId);
    }
}
