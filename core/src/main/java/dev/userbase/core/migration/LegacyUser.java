package dev.userbase.core.migration;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.userbase.core.model.Attributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A row of the legacy users table. {@link #toString()} leaves the password hash out, so a row can
 * never reach a log by accident.
 *
 * @param passwordHash bcrypt ({@code $2a$}, {@code $2b$} or {@code $2y$}); {@code null} if the row has none
 * @param disabled the row says the account is disabled ({@code disabled = true}, or a {@code status}
 *     other than {@code ACTIVE})
 */
public record LegacyUser(String userId, String email, String passwordHash, String name, boolean disabled) {

    public LegacyUser {
        Objects.requireNonNull(userId, "userId");
    }

    static LegacyUser fromItem(Map<String, AttributeValue> item) {
        String status = Attributes.string(item, LegacyUsersTable.STATUS);
        AttributeValue disabledFlag = item.get(LegacyUsersTable.DISABLED);
        boolean disabled = (disabledFlag != null && Boolean.TRUE.equals(disabledFlag.bool()))
                || (status != null && !status.toUpperCase(Locale.ROOT).equals("ACTIVE"));
        return new LegacyUser(
                Attributes.requiredString(item, LegacyUsersTable.USER_ID),
                Attributes.string(item, LegacyUsersTable.EMAIL),
                Attributes.string(item, LegacyUsersTable.PASSWORD_HASH),
                Attributes.string(item, LegacyUsersTable.NAME),
                disabled);
    }

    /** {@code name} split at its first run of whitespace: {@code [given, family]}, either possibly {@code null}. */
    public String[] givenAndFamilyName() {
        if (name == null || name.isBlank()) {
            return new String[] {null, null};
        }
        String[] parts = name.strip().split("\\s+", 2);
        return new String[] {parts[0], parts.length > 1 ? parts[1] : null};
    }

    @Override
    public String toString() {
        return "LegacyUser[userId=" + userId + ", disabled=" + disabled + "]";
    }
}
