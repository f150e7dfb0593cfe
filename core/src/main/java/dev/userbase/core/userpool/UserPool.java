package dev.userbase.core.userpool;

import java.util.Optional;

/**
 * The Cognito user pool operations the API performs, as a port so the services can be tested with
 * a fake pool and so every Cognito failure is translated in one place ({@link CognitoUserPool}).
 *
 * <p>Failures are {@link dev.userbase.core.error.UserServiceException}s: kind
 * {@link dev.userbase.core.error.ErrorKind#UNAVAILABLE} when retrying may help (throttling, a
 * Cognito or network failure); any other kind is a refusal that retrying will not change.
 */
public interface UserPool {

    /**
     * Creates a user whose user name is their email address (the pool signs in by email), marks the
     * address verified (an administrator vouches for it) and lets Cognito send the invitation with a
     * temporary password unless {@code sendInvitation} is false. Cognito runs the PreSignUp trigger
     * ({@code PreSignUp_AdminCreateUser}), which reserves the address.
     *
     * @throws dev.userbase.core.error.EmailTakenException a user with this email exists, or the trigger refused it
     */
    PoolUser createUser(String email, String givenName, String familyName, boolean sendInvitation);

    /** The user signing in with {@code email}, if any. */
    Optional<PoolUser> findByEmail(String email);

    /** The user whose {@code sub} is {@code sub}, if any (works for federated users too). */
    Optional<PoolUser> findBySub(String sub);

    /**
     * The user's attributes, groups and state (AdminGetUser, AdminListGroupsForUser), for an export;
     * empty if the pool has no such user.
     */
    Optional<PoolAccount> describe(String userName);

    /** Revokes every refresh token of the user (AdminUserGlobalSignOut). */
    void signOutEverywhere(String userName);

    /** Lets the user sign in again (AdminEnableUser); a no-op for an enabled user. */
    void enable(String userName);

    /** Stops the user from signing in and revokes their tokens (AdminDisableUser). */
    void disable(String userName);

    /** Sets the {@code email} attribute, verified (AdminUpdateUserAttributes). Idempotent. */
    void setVerifiedEmail(String userName, String email);
}
