package dev.userbase.dynamodb.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.userbase.dynamodb.EmbeddedDynamoDbOptions;
import dev.userbase.dynamodb.TestClients;
import dev.userbase.dynamodb.fault.FaultKind;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The launcher every module starts the engine with: its clients reach the engine it started (and
 * its streams and faults), in the region it was given, on the port it was given; closing it frees
 * the port; with a data directory the data outlives it.
 */
class LocalDynamoDbIT {

    private static final Map<String, AttributeValue> KEY = Map.of("pk", AttributeValue.fromS("user-1"));

    @TempDir
    Path dir;

    @Test
    void client_writesAndReadsTheEngine_andItsStreamsClientReadsTheWrites() {
        try (LocalDynamoDb db = LocalDynamoDb.start()) {
            TestClients.createTable(db.client(), "users", false);
            db.client().putItem(r -> r.tableName("users").item(Map.of("pk", AttributeValue.fromS("user-1"),
                    "name", AttributeValue.fromS("Ann"))));

            assertThat(db.client().getItem(r -> r.tableName("users").key(KEY).consistentRead(true)).item().get("name").s())
                    .isEqualTo("Ann");
            String streamArn = db.client().describeTable(r -> r.tableName("users")).table().latestStreamArn();
            try (DynamoDbStreamsClient streams = db.newStreamsClient()) {
                assertThat(records(streams, streamArn)).extracting(r -> r.dynamodb().newImage().get("name").s())
                        .containsExactly("Ann");
            }
            try (DynamoDbClient other = TestClients.dynamoDb(db.endpoint())) {
                assertThat(other.listTables().tableNames()).as("the endpoint is the engine's").containsExactly("users");
            }
        }
    }

    @Test
    void region_isTheEnginesAndTheClientsSignForIt() {
        try (LocalDynamoDb db = LocalDynamoDb.start(EmbeddedDynamoDbOptions.builder().region("eu-west-1").build())) {
            TestClients.createTable(db.client(), "users", false);

            assertThat(db.region().id()).isEqualTo("eu-west-1");
            assertThat(db.client().serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
            assertThat(db.client().describeTable(r -> r.tableName("users")).table().tableArn())
                    .startsWith("arn:aws:dynamodb:eu-west-1:");
        }
    }

    @Test
    void newClient_runsItsInterceptors_andClientBuilderTakesSettings() {
        List<String> calls = new CopyOnWriteArrayList<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                calls.add(context.request().getClass().getSimpleName());
            }
        };
        try (LocalDynamoDb db = LocalDynamoDb.start()) {
            TestClients.createTable(db.client(), "users", false);
            try (DynamoDbClient recorded = db.newClient(recorder)) {
                recorded.putItem(r -> r.tableName("users").item(KEY));
                recorded.getItem(r -> r.tableName("users").key(KEY));
            }
            assertThat(calls).containsExactly("PutItemRequest", "GetItemRequest");

            db.faults().failNext("PutItem", 1, FaultKind.THROTTLING);
            try (DynamoDbClient noRetries = db.clientBuilder()
                    .overrideConfiguration(c -> c.retryPolicy(RetryPolicy.none())).build()) {
                assertThatThrownBy(() -> noRetries.putItem(r -> r.tableName("users").item(KEY)))
                        .as("the faults are the engine's the client talks to")
                        .isInstanceOfSatisfying(DynamoDbException.class,
                                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException"));
            }
        }
    }

    @Test
    void givenPort_isWhereItListens_andCloseFreesIt() throws Exception {
        int port = freePort();
        try (LocalDynamoDb db = LocalDynamoDb.start(EmbeddedDynamoDbOptions.builder().port(port).build())) {
            assertThat(db.port()).isEqualTo(port);
            assertThat(db.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(db.client().listTables().tableNames()).isEmpty();
        }

        try (ServerSocket rebound = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertThat(rebound.getLocalPort()).as("the port is free again").isEqualTo(port);
        }
        try (LocalDynamoDb again = LocalDynamoDb.start(EmbeddedDynamoDbOptions.builder().port(port).build())) {
            assertThat(again.client().listTables().tableNames()).as("a new engine, in memory").isEmpty();
        }
    }

    @Test
    void dataDirectory_keepsTablesAndItemsAcrossARestart_memoryDoesNot() {
        EmbeddedDynamoDbOptions durable = EmbeddedDynamoDbOptions.builder().dataDirectory(dir.resolve("data")).build();
        try (LocalDynamoDb db = LocalDynamoDb.start(durable)) {
            TestClients.createTable(db.client(), "users", false);
            db.client().putItem(r -> r.tableName("users").item(Map.of("pk", AttributeValue.fromS("user-1"),
                    "name", AttributeValue.fromS("Kim"))));
        }

        try (LocalDynamoDb db = LocalDynamoDb.start(durable)) {
            assertThat(db.client().getItem(r -> r.tableName("users").key(KEY).consistentRead(true)).item().get("name").s())
                    .isEqualTo("Kim");
        }
        try (LocalDynamoDb db = LocalDynamoDb.start()) {
            assertThat(db.client().listTables().tableNames()).isEmpty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<Record> records(DynamoDbStreamsClient streams, String arn) {
        String shard = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return streams.getRecords(r -> r.shardIterator(iterator)).records();
    }
}
