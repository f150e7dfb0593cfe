package dev.userbase.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * With a transaction window, a transaction holds its items between checking and applying, as
 * DynamoDB's two-phase transactions do: concurrent transactions on one item are cancelled with
 * TransactionConflict, and a plain write of a held item is refused with TransactionConflictException.
 */
class TransactionConflictIT {

    /** An engine with this transaction window and the hash-keyed table {@code contended}, and a client that never retries. */
    private record Contended(EmbeddedDynamoDb engine, DynamoDbClient client) implements AutoCloseable {

        static Contended start(Duration transactionWindow) {
            EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(EmbeddedDynamoDbOptions.builder()
                    .transactionWindow(transactionWindow).build());
            DynamoDbClient client = TestClients.dynamoDbNoRetries(engine.endpoint());
            TestClients.createTable(client, "contended", false);
            return new Contended(engine, client);
        }

        GetItemResponse get(String pk) {
            return client.getItem(b -> b.tableName("contended").key(Map.of("pk", AttributeValue.fromS(pk))));
        }

        @Override
        public void close() {
            client.close();
            engine.close();
        }
    }

    private static TransactWriteItem put(String pk, String writer) {
        return TransactWriteItem.builder().put(Put.builder().tableName("contended")
                .item(Map.of("pk", AttributeValue.fromS(pk), "writer", AttributeValue.fromS(writer))).build()).build();
    }

    @Test
    void concurrentTransactionsOnOneItem_oneWins_theOtherIsCancelledWithTransactionConflict() throws Exception {
        try (Contended db = Contended.start(Duration.ofMillis(400))) {
            DynamoDbClient client = db.client();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (String writer : List.of("one", "two")) {
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        client.transactWriteItems(b -> b.transactItems(put("shared", writer), put("own-" + writer, writer)));
                        return "committed";
                    } catch (TransactionCanceledException e) {
                        return e.cancellationReasons().stream().map(CancellationReason::code).toList().toString();
                    }
                }));
            }
            go.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : results) {
                outcomes.add(f.get());
            }
            pool.shutdown();
            assertThat(outcomes).containsExactlyInAnyOrder("committed", "[TransactionConflict, None]");
            String winner = db.get("shared").item().get("writer").s();
            // the loser wrote nothing, its own item included
            String loser = winner.equals("one") ? "two" : "one";
            assertThat(db.get("own-" + loser).hasItem()).isFalse();
        }
    }

    @Test
    void plainWriteOfAnItemATransactionHolds_isRefused() throws Exception {
        // the window is long and the wait short so that, on a loaded machine too, the plain write
        // lands while the transaction holds the item (2 s against a 300 ms head start)
        try (Contended db = Contended.start(Duration.ofSeconds(2))) {
            DynamoDbClient client = db.client();
            Thread transaction = new Thread(() -> client.transactWriteItems(b -> b.transactItems(put("held", "tx"))));
            transaction.start();
            Thread.sleep(300);
            assertThatThrownBy(() -> client.putItem(b -> b.tableName("contended")
                    .item(Map.of("pk", AttributeValue.fromS("held"), "writer", AttributeValue.fromS("plain")))))
                    .isInstanceOf(TransactionConflictException.class);
            transaction.join();
            assertThat(db.get("held").item().get("writer").s()).isEqualTo("tx");
        }
    }

    @Test
    void clientRequestToken_makesARetriedTransactionApplyOnce_andRefusesOtherParameters() {
        try (Contended db = Contended.start(Duration.ZERO)) {
            DynamoDbClient client = db.client();
            client.transactWriteItems(b -> b.clientRequestToken("token-1").transactItems(put("once", "first")));
            client.putItem(b -> b.tableName("contended").item(Map.of("pk", AttributeValue.fromS("once"),
                    "writer", AttributeValue.fromS("later"))));
            // the same request again within ten minutes succeeds without applying again
            client.transactWriteItems(b -> b.clientRequestToken("token-1").transactItems(put("once", "first")));
            assertThat(db.get("once").item().get("writer").s()).isEqualTo("later");
            assertThatThrownBy(() -> client.transactWriteItems(b -> b.clientRequestToken("token-1")
                    .transactItems(put("once", "different"))))
                    .hasMessageContaining("Request parameters do not match");
        }
    }
}
