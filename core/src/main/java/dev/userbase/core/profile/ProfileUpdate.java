package dev.userbase.core.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.model.UserProfile;

/**
 * The editable fields a {@code PUT /users/me} sets: each present field is written (a JSON
 * {@code null} removes it), absent ones are left as they are. Only named fields are written, so two
 * concurrent edits of different fields both apply; an {@code If-Match} version makes an edit
 * conditional on nobody having changed the profile since it was read.
 *
 * @param changes field name to new value; {@link Optional#empty()} removes the field
 */
public record ProfileUpdate(Map<String, Optional<String>> changes) {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_URL_LENGTH = 2048;

    public static final Set<String> EDITABLE = Set.of(
            UserProfile.GIVEN_NAME, UserProfile.FAMILY_NAME, UserProfile.DISPLAY_NAME, UserProfile.AVATAR_URL);

    /** Fields a profile has that a client may see but not set here. */
    public static final Set<String> READ_ONLY = Set.of(
            UserProfile.USER_ID, UserProfile.EMAIL, UserProfile.STATUS, UserProfile.STATUS_REASON, UserProfile.ROLES,
            UserProfile.FOLLOWER_COUNT, UserProfile.FOLLOWING_COUNT, UserProfile.VERSION, UserProfile.CREATED_AT,
            UserProfile.UPDATED_AT, UserProfile.STRIPE_CUSTOMER_ID, UserProfile.REVENUECAT_ID,
            UserProfile.PASSWORD_CHANGED_AT, UserProfile.PENDING_EMAIL);

    public ProfileUpdate {
        changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
        if (changes.isEmpty() || !EDITABLE.containsAll(changes.keySet())) {
            throw new IllegalArgumentException("an update names at least one editable field, and only those");
        }
    }

    /** @throws InvalidInputException the body is not a valid update, with every bad field listed */
    public static ProfileUpdate fromJson(JsonNode body) {
        JsonFields fields = JsonFields.of(body).allowOnly(EDITABLE, READ_ONLY);
        Map<String, Optional<String>> changes = new LinkedHashMap<>();
        put(changes, UserProfile.GIVEN_NAME, fields.optionalText(UserProfile.GIVEN_NAME, MAX_NAME_LENGTH));
        put(changes, UserProfile.FAMILY_NAME, fields.optionalText(UserProfile.FAMILY_NAME, MAX_NAME_LENGTH));
        put(changes, UserProfile.DISPLAY_NAME, fields.optionalText(UserProfile.DISPLAY_NAME, MAX_NAME_LENGTH));
        put(changes, UserProfile.AVATAR_URL, fields.optionalHttpsUrl(UserProfile.AVATAR_URL, MAX_URL_LENGTH));
        fields.validate();
        if (changes.isEmpty()) {
            throw new InvalidInputException("Name at least one of the fields " + String.join(", ",
                    new java.util.TreeSet<>(EDITABLE)) + " to change");
        }
        return new ProfileUpdate(changes);
    }

    private static void put(Map<String, Optional<String>> changes, String name, JsonFields.Nullable field) {
        if (field instanceof JsonFields.Value v) {
            changes.put(name, Optional.of(v.value()));
        } else if (field instanceof JsonFields.Null) {
            changes.put(name, Optional.empty());
        }
    }
}
