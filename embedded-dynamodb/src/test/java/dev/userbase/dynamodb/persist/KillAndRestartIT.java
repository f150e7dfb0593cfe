package dev.userbase.dynamodb.persist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.userbase.dynamodb.EmbeddedDynamoDb;
import dev.userbase.dynamodb.EmbeddedDynamoDbOptions;
import dev.userbase.dynamodb.TestClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * An engine in a child JVM is killed with SIGKILL while two clients write (single puts and
 * two-item transactions); a new engine on the same directory must hold every acknowledged write,
 * every transaction whole or not at all, and a stream record for every write it holds.
 */
class KillAndRestartIT {

    @TempDir
    Path data;

    @Test
    void killDashNine_whileWriting_keepsEveryAcknowledgedWriteAndNoHalfTransaction() throws Exception {
        Process child = startChild(data);
        URI endpoint = awaitEndpoint(child);
        ConcurrentLinkedQueue<Integer> acknowledgedPuts = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> acknowledgedTransactions = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (DynamoDbClient client = TestClients.dynamoDbNoRetries(endpoint)) {
            TestClients.createTable(client, "durable", false);
            Thread puts = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    int n = i;
                    try {
                        client.putItem(b -> b.tableName("durable").item(Map.of("pk", AttributeValue.fromS("put-" + n),
                                "n", AttributeValue.fromN(Integer.toString(n)))));
                        acknowledgedPuts.add(n);
                    } catch (RuntimeException e) {
                        return; // the engine is gone
                    }
                }
            });
            Thread transactions = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    int n = i;
                    try {
                        client.transactWriteItems(b -> b.transactItems(put("tx-" + n + "-a", n), put("tx-" + n + "-b", n)));
                        acknowledgedTransactions.add(n);
                    } catch (RuntimeException e) {
                        return;
                    }
                }
            });
            puts.start();
            transactions.start();
            while (acknowledgedPuts.size() < 300 || acknowledgedTransactions.size() < 150) {
                Thread.sleep(20);
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            puts.join();
            transactions.join();
        }

        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(EmbeddedDynamoDbOptions.builder().dataDirectory(data).build());
                DynamoDbClient client = TestClients.dynamoDb(engine.endpoint());
                DynamoDbStreamsClient streams = TestClients.streams(engine.endpoint())) {
            Set<String> keys = new HashSet<>();
            client.scanPaginator(b -> b.tableName("durable")).items().forEach(item -> keys.add(item.get("pk").s()));
            for (int n : acknowledgedPuts) {
                assertThat(keys).as("acknowledged put %d", n).contains("put-" + n);
            }
            for (int n : acknowledgedTransactions) {
                assertThat(keys).as("acknowledged transaction %d", n).contains("tx-" + n + "-a", "tx-" + n + "-b");
            }
            for (String key : keys) {
                if (key.startsWith("tx-")) {
                    String stem = key.substring(0, key.length() - 1);
                    assertThat(keys).as("the other half of %s", key).contains(stem + "a", stem + "b");
                }
            }
            String arn = client.describeTable(b -> b.tableName("durable")).table().latestStreamArn();
            Set<String> recorded = new HashSet<>();
            for (var shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
                String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                while (iterator != null) {
                    String it = iterator;
                    var response = streams.getRecords(b -> b.shardIterator(it));
                    response.records().forEach(r -> recorded.add(r.dynamodb().keys().get("pk").s()));
                    if (response.records().isEmpty()) {
                        break;
                    }
                    iterator = response.nextShardIterator();
                }
            }
            assertThat(recorded).as("a stream record for every item kept").containsAll(keys);
            assertThat(recorded).as("no stream record for a write that was lost").isSubsetOf(keys);
        }
    }

    private static TransactWriteItem put(String key, int n) {
        return TransactWriteItem.builder().put(Put.builder().tableName("durable")
                .item(Map.of("pk", AttributeValue.fromS(key), "n", AttributeValue.fromN(Integer.toString(n)))).build()).build();
    }

    private static Process startChild(Path data) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedDynamoDb.class.getName(), "--port", "0",
                "--data", data.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static URI awaitEndpoint(Process child) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            int at = line.indexOf("listening on ");
            if (at >= 0) {
                Thread drain = new Thread(() -> {
                    try {
                        while (reader.readLine() != null) {
                            // keep the pipe open and empty
                        }
                    } catch (java.io.IOException ignored) {
                        // the child was killed
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return URI.create(line.substring(at + "listening on ".length()).trim());
            }
        }
        throw new IllegalStateException("the engine did not start");
    }
}
