package dev.userbase.core.admin;

import java.time.Instant;
import java.util.Map;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A row of the admin user list: what the {@code by-status} index projects. */
public record AdminUserSummary(String userId, String email, String displayName, UserStatus status,
        Instant createdAt, Instant updatedAt) {

    static AdminUserSummary fromItem(Map<String, AttributeValue> item) {
        return new AdminUserSummary(
                Attributes.requiredString(item, UserProfile.USER_ID),
                Attributes.string(item, UserProfile.EMAIL),
                Attributes.string(item, UserProfile.DISPLAY_NAME),
                UserStatus.valueOf(Attributes.requiredString(item, UserProfile.STATUS)),
                Attributes.instant(item, UserProfile.CREATED_AT),
                Attributes.instant(item, UserProfile.UPDATED_AT));
    }
}
