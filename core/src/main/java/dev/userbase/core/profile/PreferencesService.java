package dev.userbase.core.profile;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserPreferences;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A user's preferences: any JSON object up to {@value UserPreferences#MAX_BYTES} bytes, in its own
 * item, so saving preferences never conflicts with a profile edit. Saved whole (PUT semantics),
 * with an optional version precondition.
 */
public final class PreferencesService {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public PreferencesService(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Optional<UserPreferences> find(String userId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(table).key(UserPreferences.key(userId)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(UserPreferences.fromItem(item));
    }

    /**
     * The canonical (compact) JSON text of a preferences object.
     *
     * @throws InvalidInputException it is not a JSON object
     * @throws UserServiceException ({@link ErrorKind#PAYLOAD_TOO_LARGE}) it exceeds the size limit
     */
    public static String canonical(JsonNode preferences) {
        if (preferences == null || !preferences.isObject()) {
            throw new InvalidInputException("Preferences must be a JSON object");
        }
        String json;
        try {
            json = JSON.writeValueAsString(preferences);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("Preferences must be a JSON object");
        }
        if (json.getBytes(StandardCharsets.UTF_8).length > UserPreferences.MAX_BYTES) {
            throw new UserServiceException(ErrorKind.PAYLOAD_TOO_LARGE,
                    "Preferences may be at most " + UserPreferences.MAX_BYTES + " bytes of JSON");
        }
        return json;
    }

    /**
     * Replaces the preferences with {@code json} (from {@link #canonical}).
     *
     * @throws dev.userbase.core.error.PreconditionFailedException {@code condition} does not admit
     *     the current version (0 when none were saved yet)
     */
    public UserPreferences save(String userId, String json, VersionCondition condition, ChangeContext context) {
        ItemUpdate item = new ItemUpdate(table, UserPreferences.key(userId))
                .set(UserPreferences.USER_ID, userId)
                .set(UserPreferences.JSON, json)
                .increment(UserPreferences.VERSION)
                .set(UserPreferences.UPDATED_AT, Attributes.time(clock.instant()))
                .stamp(context);
        ProfileService.addVersionCondition(item, condition);
        try {
            return UserPreferences.fromItem(dynamoDb.updateItem(item.request(ReturnValue.ALL_NEW)).attributes());
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            long current = old.isEmpty() ? 0 : Attributes.number(old, UserPreferences.VERSION, 0);
            if (ProfileService.isOwnRetriedWrite(old, current, condition, context)
                    && json.equals(Attributes.string(old, UserPreferences.JSON))) {
                return UserPreferences.fromItem(old); // the SDK's retry of this very save (see ProfileService)
            }
            throw ProfileService.stale(current);
        }
    }
}
