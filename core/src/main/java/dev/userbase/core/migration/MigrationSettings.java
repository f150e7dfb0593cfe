package dev.userbase.core.migration;

import java.util.Map;

import dev.userbase.core.config.EnvironmentValues;

/**
 * Where the legacy users live: {@value #LEGACY_USERS_TABLE} (no default: unset means there is no
 * legacy directory and the UserMigration trigger migrates nobody) and {@value #LEGACY_USERS_EMAIL_INDEX}
 * (default {@value LegacyUsersTable#EMAIL_INDEX}).
 */
public record MigrationSettings(String legacyUsersTable, String emailIndex) {

    public static final String LEGACY_USERS_TABLE = "LEGACY_USERS_TABLE";
    public static final String LEGACY_USERS_EMAIL_INDEX = "LEGACY_USERS_EMAIL_INDEX";

    public static MigrationSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static MigrationSettings fromEnvironment(Map<String, String> env) {
        return new MigrationSettings(EnvironmentValues.text(env, LEGACY_USERS_TABLE, null),
                EnvironmentValues.text(env, LEGACY_USERS_EMAIL_INDEX, LegacyUsersTable.EMAIL_INDEX));
    }

    public boolean enabled() {
        return legacyUsersTable != null;
    }
}
