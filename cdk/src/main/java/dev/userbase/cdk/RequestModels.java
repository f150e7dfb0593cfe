package dev.userbase.cdk;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import software.amazon.awscdk.services.apigateway.JsonSchema;
import software.amazon.awscdk.services.apigateway.JsonSchemaType;
import software.amazon.awscdk.services.apigateway.JsonSchemaVersion;

/**
 * JSON Schemas (draft 4, what API Gateway validates with) for the request bodies of the routes that
 * take one. They are deliberately a coarse first gate: shape, types and generous size bounds, so
 * malformed bodies never reach a function. The handlers stay the authority on field rules (exact
 * length limits, URL formats, normalisation) and answer those with a precise problem; a schema
 * here must never be stricter than its handler. Profile fields use the attribute names of
 * {@link UserProfile}; the email-change bodies ({@code email}, {@code token}) must match the API
 * handlers' request types (which this module cannot see: check them when the API changes).
 */
public final class RequestModels {

    /** A model of the API: its name in API Gateway and its schema. */
    public record Model(String name, String description, JsonSchema schema) {
    }

    private static final int NAME_MAX = 256;
    private static final int URL_MAX = 2048;
    /** RFC 5321 allows 254 characters; anything longer is rejected here already. */
    private static final int EMAIL_MAX = 320;
    private static final int TOKEN_MAX = 512;

    static final Model PROFILE_UPDATE = new Model("ProfileUpdate", "Fields of the caller's profile to change",
            object(Map.of(
                    UserProfile.GIVEN_NAME, nullableString(NAME_MAX),
                    UserProfile.FAMILY_NAME, nullableString(NAME_MAX),
                    UserProfile.DISPLAY_NAME, nullableString(NAME_MAX),
                    UserProfile.AVATAR_URL, nullableString(URL_MAX)), List.of()));

    static final Model PREFERENCES = new Model("Preferences", "The caller's preferences: a free-form JSON object",
            object(Map.of(), List.of()));

    static final Model EMAIL_CHANGE_REQUEST = new Model("EmailChangeRequest", "Requests a change of email address",
            object(Map.of("email", string(EMAIL_MAX)), List.of("email")));

    static final Model EMAIL_CHANGE_CONFIRMATION = new Model("EmailChangeConfirmation",
            "Confirms an email change with the token sent to the new address",
            object(Map.of("token", string(TOKEN_MAX)), List.of("token")));

    static final Model CREATE_USER = new Model("CreateUser", "An administrator creates a user",
            object(Map.of(
                    UserProfile.EMAIL, string(EMAIL_MAX),
                    UserProfile.GIVEN_NAME, nullableString(NAME_MAX),
                    UserProfile.FAMILY_NAME, nullableString(NAME_MAX),
                    UserProfile.DISPLAY_NAME, nullableString(NAME_MAX)), List.of(UserProfile.EMAIL)));

    static final Model STATUS_CHANGE = new Model("StatusChange", "An administrator changes a user's status",
            object(Map.of(UserProfile.STATUS, JsonSchema.builder()
                    .type(JsonSchemaType.STRING)
                    .enumValue(Arrays.stream(UserStatus.values()).map(Enum::name).map(Object.class::cast).toList())
                    .build()), List.of(UserProfile.STATUS)));

    private RequestModels() {
    }

    /** The body model of a route, if it takes a body. */
    public static Optional<Model> forRoute(ApiRoute route) {
        return Optional.ofNullable(switch (route) {
            case PUT_ME, PUT_CURRENT -> PROFILE_UPDATE;
            case PUT_MY_PREFERENCES -> PREFERENCES;
            case REQUEST_EMAIL_CHANGE -> EMAIL_CHANGE_REQUEST;
            case CONFIRM_EMAIL_CHANGE -> EMAIL_CHANGE_CONFIRMATION;
            case CREATE_USER -> CREATE_USER;
            case SET_STATUS -> STATUS_CHANGE;
            default -> null;
        });
    }

    /** Headers a route requires, as API Gateway request parameters. */
    public static Map<String, Boolean> requiredParameters(ApiRoute route) {
        if (route == ApiRoute.CREATE_USER) {
            // Admin creation is idempotent by contract: without a key a retry could create a second user.
            return Map.of("method.request.header.Idempotency-Key", true);
        }
        return Map.of();
    }

    private static JsonSchema object(Map<String, JsonSchema> properties, List<String> required) {
        JsonSchema.Builder schema = JsonSchema.builder()
                .schema(JsonSchemaVersion.DRAFT4)
                .type(JsonSchemaType.OBJECT);
        if (!properties.isEmpty()) {
            // in name order: Map.of's order changes between JVM runs, and with it the deployment's logical id
            schema.properties(new TreeMap<>(properties));
        }
        if (!required.isEmpty()) {
            schema.required(required);
        }
        return schema.build();
    }

    private static JsonSchema string(int maxLength) {
        return JsonSchema.builder().type(JsonSchemaType.STRING).minLength(1).maxLength(maxLength).build();
    }

    /** {@code null} clears an optional field. */
    private static JsonSchema nullableString(int maxLength) {
        return JsonSchema.builder()
                .type(List.of(JsonSchemaType.STRING, JsonSchemaType.NULL))
                .maxLength(maxLength)
                .build();
    }
}
