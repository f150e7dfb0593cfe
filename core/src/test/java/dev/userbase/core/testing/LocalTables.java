package dev.userbase.core.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.TransactionRunner;
import dev.userbase.core.table.IdempotencyTable;
import dev.userbase.core.table.TableDefinition;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A fresh users table and idempotency table for every test, built from the same
 * {@link TableDefinition}s the CDK stack deploys, in the shared {@link TestDynamoDb}.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final LocalTables tables = new LocalTables();
 * ... tables.dynamoDb(), tables.usersTable(), tables.users(), tables.transactions(), tables.config(),
 *     tables.item(key), tables.items(), tables.itemCount(), tables.streamTail()
 * </pre>
 */
public final class LocalTables implements BeforeEachCallback, AfterEachCallback {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final TestDynamoDb server = TestDynamoDb.shared();
    private final DynamoDbClient dynamoDb = server.newClient();
    private final DynamoDbStreamsClient streams = server.newStreamsClient();
    private final TransactionRunner transactions = new TransactionRunner(dynamoDb);
    private String usersTable;
    private String idempotencyTable;
    private Table users;

    @Override
    public void beforeEach(ExtensionContext context) {
        int n = COUNTER.incrementAndGet();
        usersTable = "users-" + n;
        idempotencyTable = "idempotency-" + n;
        UsersTable.DEFINITION.create(dynamoDb, usersTable);
        IdempotencyTable.DEFINITION.create(dynamoDb, idempotencyTable);
        users = new Table(dynamoDb, usersTable);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        dynamoDb.deleteTable(DeleteTableRequest.builder().tableName(usersTable).build());
        dynamoDb.deleteTable(DeleteTableRequest.builder().tableName(idempotencyTable).build());
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public DynamoDbStreamsClient streams() {
        return streams;
    }

    public String usersTable() {
        return usersTable;
    }

    public String idempotencyTable() {
        return idempotencyTable;
    }

    public String usersStreamArn() {
        return dynamoDb.describeTable(DescribeTableRequest.builder().tableName(usersTable).build())
                .table().latestStreamArn();
    }

    /** A reader of this test's users table stream, from its beginning. */
    public StreamTail streamTail() {
        return new StreamTail(streams, usersStreamArn());
    }

    /** This test's users table, as the stores read and write it. */
    public Table users() {
        return users;
    }

    public TransactionRunner transactions() {
        return transactions;
    }

    /** The item at {@code key} in this test's users table (empty when there is none), read consistently. */
    public Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        return users.get(key).orElse(Map.of());
    }

    /** What this test's users table holds, read back through the stores. */
    public StoredItems items() {
        return new StoredItems(dynamoDb, usersTable);
    }

    /** How many items this test's users table holds, read consistently. */
    public int itemCount() {
        return dynamoDb.scan(ScanRequest.builder().tableName(usersTable).consistentRead(true).build()).count();
    }

    /** Settings pointing at this test's tables and the local server; {@code overrides} win. */
    public UsersConfig config(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put(UsersConfig.REGION, TestDynamoDb.REGION.id());
        env.put(UsersConfig.USERS_TABLE, usersTable);
        env.put(UsersConfig.IDEMPOTENCY_TABLE, idempotencyTable);
        env.put(UsersConfig.DYNAMODB_ENDPOINT, server.endpoint().toString());
        env.putAll(overrides);
        return UsersConfig.fromEnvironment(env);
    }

    public UsersConfig config() {
        return config(Map.of());
    }
}
