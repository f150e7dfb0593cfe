package dev.userbase.core.signup;

import dev.userbase.core.model.UserProfile;

/**
 * The user's profile after provisioning.
 *
 * @param created true if this call created it; false if it already existed (a retry, a concurrent
 *     duplicate, or a profile made earlier by another path)
 */
public record ProvisionResult(UserProfile profile, boolean created) {
}
