package dev.userbase.core.profile;

import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserProfile;

/**
 * Creates a Cognito user's profile and makes their email address theirs, atomically and
 * idempotently (the sign-up path's provisioner). The API needs it in two places: {@code GET
 * /users/me} for a user whose PostConfirmation trigger failed, and admin {@code POST /users},
 * because PostConfirmation does not fire for admin-created users.
 */
@FunctionalInterface
public interface ProfileProvisioning {

    /**
     * The account's profile, created if it does not exist yet.
     *
     * @throws dev.userbase.core.error.EmailTakenException the address belongs to another user; nothing was written
     * @throws dev.userbase.core.error.InvalidInputException the address is not one this service accepts
     * @throws UserServiceException ({@link ErrorKind#UNAVAILABLE}) concurrent writes kept colliding
     */
    UserProfile provision(NewAccount account, ChangeContext context);

    /** Refuses every call with a 503: for a deployment without the sign-up provisioner. */
    static ProfileProvisioning unavailable() {
        return (account, context) -> {
            throw new UserServiceException(ErrorKind.UNAVAILABLE,
                    "Profiles cannot be created right now; please try again later");
        };
    }
}
