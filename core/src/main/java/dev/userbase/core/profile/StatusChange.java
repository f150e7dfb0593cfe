package dev.userbase.core.profile;

import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;

/**
 * The outcome of setting a user's status.
 *
 * @param profile the profile after the change
 * @param previous the status before it
 * @param written false if the profile already had that status and reason (nothing was written)
 */
public record StatusChange(UserProfile profile, UserStatus previous, boolean written) {
}
