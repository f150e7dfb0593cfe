package dev.userbase.core.userpool;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.storage.RetryPolicy;

/**
 * The Cognito side of a user's status. Each status has one Cognito state, applied after the
 * profile is written and again whenever the same request is repeated, so a Cognito failure is
 * repaired by retrying (the profile write is then a no-op):
 * <ul>
 *   <li>ACTIVE: enabled (AdminEnableUser).</li>
 *   <li>SUSPENDED: enabled, refresh tokens revoked (AdminUserGlobalSignOut). The PreTokenGeneration
 *       trigger refuses new tokens while suspended, so a suspended user keeps read access only until
 *       the tokens they hold expire (one hour at most).</li>
 *   <li>DELETED: disabled (AdminDisableUser), which also revokes the user's tokens. The Cognito user
 *       and their email guard are kept, so an administrator can restore the account (status ACTIVE)
 *       and nobody else can sign up with the address meanwhile.</li>
 * </ul>
 */
public final class AccountLifecycle {

    private static final RetryPolicy RETRIES = RetryPolicy.userPoolCalls();
    private static final Logger LOG = LogManager.getLogger(AccountLifecycle.class);

    private final UserPool userPool;

    public AccountLifecycle(UserPool userPool) {
        this.userPool = Objects.requireNonNull(userPool, "userPool");
    }

    /**
     * Applies {@code status}'s Cognito state to the user Cognito knows as {@code userName}.
     *
     * @throws UserServiceException ({@code UNAVAILABLE}) Cognito could not be updated; repeat the request
     */
    public void apply(String userName, UserStatus status) {
        try {
            switch (status) {
                case ACTIVE -> withRetries(() -> userPool.enable(userName));
                case SUSPENDED -> {
                    withRetries(() -> userPool.enable(userName));
                    withRetries(() -> userPool.signOutEverywhere(userName));
                }
                case DELETED -> withRetries(() -> userPool.disable(userName));
                default -> throw new IllegalStateException("unknown status " + status);
            }
        } catch (UserServiceException e) {
            if (e.kind() == ErrorKind.UNAVAILABLE) {
                throw new UserServiceException(ErrorKind.UNAVAILABLE, "The status is saved, but the sign-in service "
                        + "could not be updated yet; repeat the request to finish", e);
            }
            throw e;
        }
    }

    /** As {@link #apply}, for a user known by their sub (looked up in the pool first). */
    public void applyBySub(String sub, UserStatus status) {
        Optional<PoolUser> user = call(() -> userPool.findBySub(sub));
        if (user.isEmpty()) {
            LOG.warn("user {} has a profile but no Cognito user; no Cognito state to set for {}", sub, status);
            return;
        }
        apply(user.get().userName(), status);
    }

    private static void withRetries(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }

    private static <T> T call(Supplier<T> call) {
        return RETRIES.retrying(e -> e instanceof UserServiceException u && u.kind() == ErrorKind.UNAVAILABLE,
                attempt -> call.get());
    }
}
