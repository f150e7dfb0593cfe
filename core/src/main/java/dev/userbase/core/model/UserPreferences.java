package dev.userbase.core.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A user's preferences: {@code USER#<sub>} / {@code PREFERENCES}, a free-form JSON object kept as
 * its JSON text. It is its own item so saving preferences never conflicts with a profile edit.
 * Its content is never copied into events or audit entries.
 */
public record UserPreferences(String userId, String json, long version, Instant updatedAt) {

    public static final String USER_ID = "userId";
    public static final String JSON = "preferences";
    public static final String VERSION = "version";
    public static final String UPDATED_AT = "updatedAt";

    /** Largest accepted serialized preferences object, in bytes of UTF-8. */
    public static final int MAX_BYTES = 8 * 1024;

    public UserPreferences {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(json, "json");
    }

    public static Map<String, AttributeValue> key(String userId) {
        return Keys.key(Keys.userPk(userId), Keys.PREFERENCES_SK);
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key(userId));
        item.put(USER_ID, Attributes.s(userId));
        item.put(JSON, Attributes.s(json));
        item.put(VERSION, Attributes.n(version));
        item.put(UPDATED_AT, Attributes.time(updatedAt));
        return item;
    }

    public static UserPreferences fromItem(Map<String, AttributeValue> item) {
        return new UserPreferences(
                Attributes.requiredString(item, USER_ID),
                Attributes.requiredString(item, JSON),
                Attributes.number(item, VERSION, 1),
                Attributes.instant(item, UPDATED_AT));
    }
}
