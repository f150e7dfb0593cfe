package dev.userbase.core.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.userbase.core.migration.LegacyPasswords;
import dev.userbase.core.migration.LegacyUser;
import dev.userbase.core.migration.LegacyUsers;
import dev.userbase.core.migration.LegacyUsersTable;
import dev.userbase.core.migration.MigrationSettings;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;

/**
 * A fresh legacy users table for every test, from {@link LegacyUsersTable#DEFINITION}, beside the
 * tables of a {@link LocalTables} (same server and client).
 */
public final class LegacyTables implements BeforeEachCallback, AfterEachCallback {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final DynamoDbClient dynamoDb;
    private String table;

    public LegacyTables(LocalTables tables) {
        this.dynamoDb = tables.dynamoDb();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        table = "legacy-users-" + COUNTER.incrementAndGet();
        dynamoDb.createTable(LegacyUsersTable.DEFINITION.createTableRequest(table));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        dynamoDb.deleteTable(DeleteTableRequest.builder().tableName(table).build());
    }

    public String table() {
        return table;
    }

    public MigrationSettings settings() {
        return MigrationSettings.fromEnvironment(Map.of(MigrationSettings.LEGACY_USERS_TABLE, table));
    }

    /** Writes a legacy row with a bcrypt hash of {@code password}. */
    public LegacyUser add(String userId, String email, String password, String name, boolean disabled) {
        LegacyUser user = new LegacyUser(userId, email, password == null ? null : LegacyPasswords.hash(password),
                name, disabled);
        new LegacyUsers(dynamoDb, settings()).put(user, java.time.Instant.parse("2019-05-01T08:00:00Z"));
        return user;
    }
}
