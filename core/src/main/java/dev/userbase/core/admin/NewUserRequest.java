package dev.userbase.core.admin;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.email.InvalidEmailException;
import dev.userbase.core.profile.JsonFields;
import dev.userbase.core.profile.ProfileUpdate;

/**
 * The body of admin {@code POST /users}: the new user's email address (normalised), optional names,
 * and whether Cognito sends the invitation email with a temporary password (default yes).
 */
public record NewUserRequest(String email, String givenName, String familyName, boolean sendInvitation) {

    static final Set<String> FIELDS = Set.of("email", "givenName", "familyName", "sendInvitation");

    /** @throws dev.userbase.core.error.InvalidInputException with every bad field listed */
    public static NewUserRequest fromJson(JsonNode body) {
        JsonFields fields = JsonFields.of(body).allowOnly(FIELDS, Set.of());
        String rawEmail = fields.requiredText("email", EmailAddress.MAX_LENGTH);
        String email = null;
        if (rawEmail != null) {
            try {
                email = EmailAddress.normalise(rawEmail);
            } catch (InvalidEmailException e) {
                fields.error("email", e.getMessage());
            }
        }
        String givenName = text(fields.optionalText("givenName", ProfileUpdate.MAX_NAME_LENGTH));
        String familyName = text(fields.optionalText("familyName", ProfileUpdate.MAX_NAME_LENGTH));
        boolean sendInvitation = true;
        JsonNode invite = fields.raw("sendInvitation").orElse(null);
        if (invite != null && !invite.isNull()) {
            if (invite.isBoolean()) {
                sendInvitation = invite.booleanValue();
            } else {
                fields.error("sendInvitation", "sendInvitation must be true or false");
            }
        }
        fields.validate();
        return new NewUserRequest(email, givenName, familyName, sendInvitation);
    }

    private static String text(JsonFields.Nullable field) {
        return field instanceof JsonFields.Value v ? v.value() : null;
    }
}
