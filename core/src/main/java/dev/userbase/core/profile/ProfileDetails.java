package dev.userbase.core.profile;

import java.util.Optional;

import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;

/** A profile with its preferences (which a user may never have saved). */
public record ProfileDetails(UserProfile profile, Optional<UserPreferences> preferences) {
}
