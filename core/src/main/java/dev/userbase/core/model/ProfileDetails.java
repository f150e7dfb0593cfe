package dev.userbase.core.model;

import java.util.Optional;

/** A profile with its preferences (which a user may never have saved). */
public record ProfileDetails(UserProfile profile, Optional<UserPreferences> preferences) {
}
