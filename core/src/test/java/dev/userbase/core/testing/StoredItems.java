package dev.userbase.core.testing;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.EmailReservations;
import dev.userbase.core.store.Preferences;
import dev.userbase.core.store.Profiles;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a test reads back from the users table to check a write, through the stores the services
 * use (every read strongly consistent): one object for the items a test looks at most.
 */
public final class StoredItems {

    private final Table table;
    private final Profiles profiles;
    private final Preferences preferences;
    private final EmailReservations reservations;

    public StoredItems(DynamoDbClient dynamoDb, String tableName) {
        this.table = new Table(dynamoDb, tableName);
        this.profiles = new Profiles(table);
        this.preferences = new Preferences(table);
        this.reservations = new EmailReservations(dynamoDb, tableName);
    }

    public Optional<UserProfile> findProfile(String userId) {
        return profiles.find(userId);
    }

    public Optional<UserPreferences> findPreferences(String userId) {
        return preferences.find(userId);
    }

    public Optional<EmailReservation> findReservation(String normalisedEmail) {
        return reservations.find(normalisedEmail);
    }

    /** Any item, by its key, as {@code mapper} reads it. */
    public <T> Optional<T> get(Map<String, AttributeValue> key, Function<Map<String, AttributeValue>, T> mapper) {
        return table.get(key, mapper);
    }
}
