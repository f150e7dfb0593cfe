package dev.userbase.core.social;

import java.util.Map;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.UserProfile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What anyone signed in may see of a user in a list: id, display name, avatar. */
public record UserSummary(String userId, String displayName, String avatarUrl) {

    static UserSummary fromItem(Map<String, AttributeValue> item) {
        return new UserSummary(
                Attributes.requiredString(item, UserProfile.USER_ID),
                Attributes.string(item, UserProfile.DISPLAY_NAME),
                Attributes.string(item, UserProfile.AVATAR_URL));
    }
}
