package dev.userbase.core.migration;

import java.util.Map;

/**
 * What the UserMigration trigger returns to Cognito for a legacy user.
 *
 * @param userAttributes {@code email}, {@code email_verified} and, when the legacy {@code name} has them,
 *     {@code given_name} and {@code family_name}
 * @param finalUserStatus {@code CONFIRMED} at sign-in (the password was verified);
 *     {@code RESET_REQUIRED} in the forgot-password flow (Cognito then sends the reset code)
 * @param legacyUserId the legacy row's id (for logs; Cognito is not told it)
 */
public record MigratedUser(Map<String, String> userAttributes, String finalUserStatus, String legacyUserId) {

    /** Cognito sends no welcome message to a migrated user: they already have an account. */
    public static final String MESSAGE_ACTION = "SUPPRESS";

    public MigratedUser {
        userAttributes = Map.copyOf(userAttributes);
    }
}
