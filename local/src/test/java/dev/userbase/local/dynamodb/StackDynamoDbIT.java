package dev.userbase.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.table.IdempotencyTable;
import dev.userbase.core.table.TableDefinition;
import dev.userbase.core.table.UsersTable;
import dev.userbase.dynamodb.sdk.LocalDynamoDb;
import dev.userbase.testing.MutableClock;
import dev.userbase.local.Json;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The stack's DynamoDB (the embedded engine) as the stack uses it: TTL carried out by the engine with
 * DynamoDB's service identity on the stream, data kept across a restart in the data directory, and
 * the fault-injection endpoint on the same port.
 */
class StackDynamoDbIT {

    private static final String USERS = "users";
    private static final Map<String, TableDefinition> TABLES = Map.of(USERS, UsersTable.DEFINITION,
            "users-idempotency", IdempotencyTable.DEFINITION);

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void ttl_deletesExpiredItemsOnly_andTheirStreamRecordsCarryDynamoDbsServiceIdentity() throws Exception {
        try (LocalDynamoDb db = start(Optional.empty())) {
            String streamArn = StackDynamoDb.ensureTables(db.client(), TABLES).get(USERS).latestStreamArn();
            long now = clock.instant().getEpochSecond();
            put(db, "EMAIL#old@example.com", Map.of(UsersTable.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(now - 1))));
            put(db, "EMAIL#new@example.com", Map.of(UsersTable.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(now + 3600))));
            put(db, "EMAIL#none@example.com", Map.of());
            put(db, "EMAIL#text@example.com", Map.of(UsersTable.TTL_ATTRIBUTE, AttributeValue.fromS("0")));
            put(db, "EMAIL#gone@example.com", Map.of());
            db.client().deleteItem(r -> r.tableName(USERS).key(key("EMAIL#gone@example.com")));

            assertThat(db.sweepExpiredItems()).isEqualTo(1);

            assertThat(db.client().scan(r -> r.tableName(USERS)).items()).extracting(i -> i.get("pk").s())
                    .containsExactlyInAnyOrder("EMAIL#new@example.com", "EMAIL#none@example.com", "EMAIL#text@example.com");
            List<Record> removals;
            try (DynamoDbStreamsClient streams = db.newStreamsClient()) {
                removals = records(streams, streamArn).stream().filter(r -> r.eventName() == OperationType.REMOVE).toList();
            }
            assertThat(removals).extracting(r -> r.dynamodb().keys().get("pk").s())
                    .containsExactly("EMAIL#gone@example.com", "EMAIL#old@example.com");
            assertThat(removals.get(0).userIdentity()).as("a client's delete").isNull();
            assertThat(removals.get(1).userIdentity().type()).isEqualTo("Service");
            assertThat(removals.get(1).userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
            assertThat(removals.get(1).awsRegion()).isEqualTo("us-east-1");
        }
    }

    @Test
    void dataDirectory_keepsTablesItemsAndStreamAcrossARestart() throws Exception {
        Path data = dir.resolve("dynamodb");
        String streamArn;
        try (LocalDynamoDb db = start(Optional.of(data))) {
            streamArn = StackDynamoDb.ensureTables(db.client(), TABLES).get(USERS).latestStreamArn();
            put(db, "USER#kept", Map.of("givenName", AttributeValue.fromS("Kim")));
        }
        assertThat(Files.list(data).map(p -> p.getFileName().toString()).toList()).anyMatch(n -> n.startsWith("journal-"));

        try (LocalDynamoDb db = start(Optional.of(data))) {
            Map<String, TableDescription> tables = StackDynamoDb.ensureTables(db.client(), TABLES);
            assertThat(tables.get(USERS).latestStreamArn()).as("the same table, not a new one").isEqualTo(streamArn);
            assertThat(db.client().getItem(r -> r.tableName(USERS).key(key("USER#kept")).consistentRead(true))
                    .item().get("givenName").s()).isEqualTo("Kim");
            try (DynamoDbStreamsClient streams = db.newStreamsClient()) {
                assertThat(records(streams, streamArn)).extracting(r -> r.dynamodb().keys().get("pk").s())
                        .containsExactly("USER#kept");
            }
        }
    }

    @Test
    void faultsEndpoint_onTheDynamoDbPort_failsTheNextCallsAsAsked() throws Exception {
        try (LocalDynamoDb db = start(Optional.empty())) {
            StackDynamoDb.ensureTables(db.client(), TABLES);
            HttpClient http = HttpClient.newHttpClient();
            URI faults = URI.create(db.endpoint() + "/_faults");
            HttpResponse<String> added = http.send(HttpRequest.newBuilder(faults)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"operation\":\"PutItem\",\"error\":\"ThrottlingException\",\"count\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(added.statusCode()).isEqualTo(201);

            try (DynamoDbClient noRetries = db.clientBuilder()
                    .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none())).build()) {
                assertThatThrownBy(() -> noRetries.putItem(r -> r.tableName(USERS).item(key("USER#throttled"))))
                        .isInstanceOfSatisfying(DynamoDbException.class,
                                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException"));
                assertThat(noRetries.getItem(r -> r.tableName(USERS).key(key("USER#throttled")).consistentRead(true))
                        .hasItem()).as("nothing written").isFalse();
                noRetries.putItem(r -> r.tableName(USERS).item(key("USER#throttled")));   // the rule is used up
            }
            JsonNode state = Json.parse(http.send(HttpRequest.newBuilder(faults).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(state.get("injected").asLong()).isEqualTo(1);
            assertThat(state.get("rules")).isEmpty();
        }
    }

    private LocalDynamoDb start(Optional<Path> data) throws Exception {
        return StackDynamoDb.start("127.0.0.1", 0, data, Region.US_EAST_1, Duration.ZERO, clock);
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of(UsersTable.PK, AttributeValue.fromS(pk), UsersTable.SK, AttributeValue.fromS("EMAIL"));
    }

    private static void put(LocalDynamoDb db, String pk, Map<String, AttributeValue> extra) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(extra);
        item.putAll(key(pk));
        db.client().putItem(r -> r.tableName(USERS).item(item));
    }

    private static List<Record> records(DynamoDbStreamsClient streams, String arn) {
        String shard = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return streams.getRecords(r -> r.shardIterator(iterator)).records();
    }
}
