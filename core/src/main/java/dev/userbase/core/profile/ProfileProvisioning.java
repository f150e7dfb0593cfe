package dev.userbase.core.profile;

import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.signup.NewUser;

/**
 * Creates a Cognito user's profile and makes their email address theirs, atomically and
 * idempotently (the sign-up path's provisioner). The API needs it in two places: {@code GET
 * /users/me} for a user whose PostConfirmation trigger failed, and admin {@code POST /users},
 * because PostConfirmation does not fire for admin-created users. In a deployment this is
 * {@link dev.userbase.core.signup.ProfileProvisioner}; the port keeps the API testable without Cognito events.
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
    UserProfile provision(NewUser account, ChangeContext context);

}
