package dev.userbase.core.profile;

import dev.userbase.core.access.Caller;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserProfile;

/**
 * Finishes an email change whose last step (telling Cognito) did not complete, when the profile is
 * read anyway ({@code GET /users/me}); see {@code dev.userbase.core.emailchange.EmailChangeService}.
 */
@FunctionalInterface
public interface PendingEmailSync {

    /**
     * The profile after finishing any pending step it records ({@link UserProfile#emailSyncFrom()}),
     * or {@code profile} unchanged. Never throws for a failure of the step itself (it is retried later).
     */
    UserProfile completeIfPending(Caller caller, UserProfile profile, ChangeContext context);

    static PendingEmailSync none() {
        return (caller, profile, context) -> profile;
    }
}
