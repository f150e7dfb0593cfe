package dev.userbase.core.repo;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * Reads of the users table that every part needs. Writes live with the service that owns them
 * (sign-up, profile, follow…), each as a conditional write or a transaction; see {@link Transactions}.
 */
public final class UserRepository {

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public UserRepository(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public String tableName() {
        return tableName;
    }

    /** The profile, read strongly consistent (a caller acting on it must see the latest write). */
    public Optional<UserProfile> findProfile(String userId) {
        return get(UserProfile.key(userId), UserProfile::fromItem);
    }

    public Optional<UserPreferences> findPreferences(String userId) {
        return get(UserPreferences.key(userId), UserPreferences::fromItem);
    }

    public Optional<EmailReservation> findReservation(String normalisedEmail) {
        return get(EmailReservation.key(normalisedEmail), EmailReservation::fromItem);
    }

    public <T> Optional<T> get(Map<String, AttributeValue> key, Function<Map<String, AttributeValue>, T> mapper) {
        Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(key)
                .consistentRead(true)
                .build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(mapper.apply(item));
    }
}
