package dev.userbase.core.admin;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.error.EmailTakenException;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.PoolOrphan;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.signup.NewUser;
import dev.userbase.core.profile.ProfileProvisioning;
import dev.userbase.core.profile.ProfileService;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.PoolOrphans;
import dev.userbase.core.userpool.PoolUser;
import dev.userbase.core.userpool.UserPool;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Admin-created users: the Cognito user (AdminCreateUser; its PreSignUp trigger reserves the
 * address for the new user), then the profile and the confirmed email guard through the sign-up
 * provisioner, because PostConfirmation does not fire for admin-created users.
 *
 * <p>The two steps cannot share a transaction, so the second is made resumable: when a retry finds
 * the Cognito user already there (the first attempt died after AdminCreateUser), and that user was
 * created by an administrator, has not signed in yet and has no profile, the retry provisions it
 * instead of failing. If the provisioner refuses (the address belongs to another profile), the
 * Cognito user this call created is disabled at once and left to the change stream to delete
 * ({@link PoolOrphan}), so nothing is left half-made and the API never holds AdminDeleteUser. A retry
 * that finds such a user and can now provision it enables it again.
 */
public final class UserCreation {

    private static final Logger LOG = LogManager.getLogger(UserCreation.class);

    private final UserPool userPool;
    private final ProfileProvisioning provisioning;
    private final ProfileService profiles;
    private final PoolOrphans orphans;
    private final Clock clock;

    public UserCreation(UserPool userPool, ProfileProvisioning provisioning, ProfileService profiles,
            DynamoDbClient dynamoDb, String table, Clock clock) {
        this.userPool = Objects.requireNonNull(userPool, "userPool");
        this.provisioning = Objects.requireNonNull(provisioning, "provisioning");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.orphans = new PoolOrphans(new Table(dynamoDb, table));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws EmailTakenException a user with this address already exists
     * @throws UserServiceException ({@code UNAVAILABLE}) Cognito or DynamoDB is busy; the request may be repeated
     */
    public UserProfile create(NewUserRequest request, ChangeContext context) {
        PoolUser user;
        boolean createdHere;
        try {
            user = userPool.createUser(request.email(), request.givenName(), request.familyName(), request.sendInvitation());
            createdHere = true;
        } catch (EmailTakenException taken) {
            user = resumable(request.email()).orElseThrow(() -> taken);
            createdHere = false;
            LOG.info("resuming the creation of {}: its Cognito user exists without a profile", user.sub());
        }
        UserProfile profile;
        try {
            profile = provisioning.provision(new NewUser(user.userName(), user.sub(), request.email(),
                    request.givenName(), request.familyName()), context);
        } catch (EmailTakenException e) {
            if (createdHere) {
                LOG.warn("the address of new user {} belongs to another profile; the Cognito user is disabled and "
                        + "left to the change stream to delete", user.sub());
                userPool.disable(user.userName());
                orphans.record(new PoolOrphan(user.sub(), user.userName(), clock.instant()));
            }
            throw e;
        }
        if (!user.enabled()) {
            userPool.enable(user.userName()); // an orphan of an earlier attempt, whose address is free now
        }
        return profile;
    }

    /** The Cognito user of an interrupted creation, if {@code email} has one. */
    private Optional<PoolUser> resumable(String email) {
        return userPool.findByEmail(email)
                .filter(PoolUser::isAwaitingFirstSignIn)
                .filter(user -> email.equals(user.email()))
                .filter(user -> profiles.find(user.sub()).isEmpty());
    }
}
