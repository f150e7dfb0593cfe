package dev.userbase.core.profile;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.VersionCondition;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.Preferences;
import dev.userbase.core.store.Versioned;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A user's preferences: any JSON object up to {@value UserPreferences#MAX_BYTES} bytes, in its own
 * item, so saving preferences never conflicts with a profile edit. Saved whole (PUT semantics),
 * with an optional version precondition.
 */
public final class PreferencesService {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Preferences preferences;
    private final Clock clock;

    public PreferencesService(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.preferences = new Preferences(new Table(dynamoDb, table));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Optional<UserPreferences> find(String userId) {
        return preferences.find(userId);
    }

    /**
     * The canonical (compact) JSON text of a preferences object.
     *
     * @throws InvalidInputException it is not a JSON object
     * @throws UserServiceException ({@link ErrorKind#TOO_LARGE}) it exceeds the size limit
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
            throw new UserServiceException(ErrorKind.TOO_LARGE,
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
        Versioned<UserPreferences> outcome = preferences.save(userId, json, clock.instant(), condition, context);
        if (outcome instanceof Versioned.Stale<UserPreferences> stale) {
            throw ProfileService.stale(stale.version());
        }
        return ((Versioned.Written<UserPreferences>) outcome).item();
    }
}
