package dev.userbase.core.signup;

import dev.userbase.core.error.EmailTakenException;

/**
 * A confirmed user's email address is reserved or owned by a different user, so no profile was
 * created for them. This should not happen when every sign-up passes PreSignUp; it means a user
 * predates the trigger, a PENDING reservation expired and was taken over before confirmation, or
 * data was changed by hand. The provisioner logs it at ERROR and counts
 * {@link SignUpMetrics#EMAIL_HELD_BY_ANOTHER_USER}; it never overwrites the other user's guard.
 */
public class EmailHeldByAnotherUserException extends EmailTakenException {

    private static final long serialVersionUID = 1L;

    public EmailHeldByAnotherUserException() {
        super();
    }
}
