package dev.userbase.dynamodb.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userbase.dynamodb.EmbeddedDynamoDb;
import dev.userbase.dynamodb.TestClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/** Each kind of injected fault reaches the SDK as DynamoDB's own error, and only for the calls it was set for. */
class FaultsIT {

    private static final Map<String, AttributeValue> ITEM = Map.of("pk", AttributeValue.fromS("k"));

    @Test
    void failNext_failsExactlyThatManyCallsOfThatOperation_beforeAnyChange() {
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(); DynamoDbClient client = TestClients.dynamoDbNoRetries(engine.endpoint())) {
            TestClients.createTable(client, "faulty", false);
            engine.faults().failNext("PutItem", 2, FaultKind.PROVISIONED_THROUGHPUT_EXCEEDED);
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> client.putItem(b -> b.tableName("faulty").item(ITEM)))
                        .isInstanceOf(ProvisionedThroughputExceededException.class);
            }
            assertThat(client.getItem(b -> b.tableName("faulty").key(ITEM)).hasItem()).as("nothing written").isFalse();
            client.putItem(b -> b.tableName("faulty").item(ITEM));
            assertThat(client.getItem(b -> b.tableName("faulty").key(ITEM)).hasItem()).isTrue();
            assertThat(engine.faults().injected()).isEqualTo(2);
            assertThat(engine.faults().rules()).isEmpty();
        }
    }

    @Test
    void eachKind_answersWithDynamoDbsErrorAndStatus() {
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(); DynamoDbClient client = TestClients.dynamoDbNoRetries(engine.endpoint())) {
            TestClients.createTable(client, "faulty", false);
            engine.faults().failNext("GetItem", 1, FaultKind.THROTTLING);
            assertThatThrownBy(() -> client.getItem(b -> b.tableName("faulty").key(ITEM)))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
            engine.faults().failNext("GetItem", 1, FaultKind.INTERNAL_SERVER_ERROR);
            assertThatThrownBy(() -> client.getItem(b -> b.tableName("faulty").key(ITEM)))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
            engine.faults().failNext("PutItem", 1, FaultKind.TRANSACTION_CONFLICT);
            assertThatThrownBy(() -> client.putItem(b -> b.tableName("faulty").item(ITEM)))
                    .isInstanceOf(TransactionConflictException.class);
            engine.faults().failNext("TransactWriteItems", 1, FaultKind.TRANSACTION_CONFLICT);
            assertThatThrownBy(() -> client.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                    .put(Put.builder().tableName("faulty").item(ITEM).build()).build())))
                    .isInstanceOfSatisfying(TransactionCanceledException.class,
                            e -> assertThat(e.cancellationReasons()).extracting(r -> r.code()).containsExactly("TransactionConflict"));
            assertThat(client.getItem(b -> b.tableName("faulty").key(ITEM)).hasItem()).isFalse();
        }
    }

    @Test
    void failNextAfterApplying_makesTheChangeThenLosesTheAnswer() {
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(); DynamoDbClient client = TestClients.dynamoDbNoRetries(engine.endpoint())) {
            TestClients.createTable(client, "faulty", false);
            engine.faults().failNextAfterApplying("PutItem", 1, FaultKind.INTERNAL_SERVER_ERROR);
            assertThatThrownBy(() -> client.putItem(b -> b.tableName("faulty").item(ITEM))).isInstanceOf(DynamoDbException.class);
            assertThat(client.getItem(b -> b.tableName("faulty").key(ITEM)).hasItem()).as("the write happened").isTrue();
        }
    }

    @Test
    void latencyAndFractions() {
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(); DynamoDbClient client = TestClients.dynamoDbNoRetries(engine.endpoint())) {
            TestClients.createTable(client, "faulty", false);
            engine.faults().delay("GetItem", Duration.ofMillis(300), 1);
            long t0 = System.nanoTime();
            client.getItem(b -> b.tableName("faulty").key(ITEM));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            engine.faults().seed(7);
            engine.faults().failFraction("GetItem", 0.5, FaultKind.THROTTLING);
            int failed = 0;
            for (int i = 0; i < 200; i++) {
                try {
                    client.getItem(b -> b.tableName("faulty").key(ITEM));
                } catch (DynamoDbException e) {
                    failed++;
                }
            }
            assertThat(failed).isBetween(60, 140);
            engine.faults().clear();
            client.getItem(b -> b.tableName("faulty").key(ITEM));
        }
    }

    @Test
    void httpControlApi_addsListsAndClearsRules() throws Exception {
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(); DynamoDbClient client = TestClients.dynamoDbNoRetries(engine.endpoint())) {
            TestClients.createTable(client, "faulty", false);
            HttpClient http = HttpClient.newHttpClient();
            URI faults = engine.endpoint().resolve("/_faults");
            HttpResponse<String> added = http.send(HttpRequest.newBuilder(faults).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"operation\":\"PutItem\",\"error\":\"ThrottlingException\",\"count\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(added.statusCode()).isEqualTo(201);
            assertThat(http.send(HttpRequest.newBuilder(faults).GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("\"operation\":\"PutItem\"");
            assertThatThrownBy(() -> client.putItem(b -> b.tableName("faulty").item(ITEM))).isInstanceOf(DynamoDbException.class);
            http.send(HttpRequest.newBuilder(faults).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"operation\":\"PutItem\",\"error\":\"InternalServerError\",\"fraction\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(http.send(HttpRequest.newBuilder(faults).DELETE().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(204);
            client.putItem(b -> b.tableName("faulty").item(ITEM));
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(faults).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"operation\":\"PutItem\",\"error\":\"NoSuchError\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("unknown fault");
        }
    }
}
