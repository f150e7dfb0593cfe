package dev.userbase.local.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.testing.LocalTables;
import dev.userbase.local.Json;
import dev.userbase.local.StackFunctions;
import dev.userbase.local.events.EventLog;
import dev.userbase.local.lambda.FunctionDefinition;
import dev.userbase.local.lambda.FunctionRegistry;
import dev.userbase.local.lambda.LocalFunction;
import dev.userbase.local.testing.StackClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The pollers against a real stream (the embedded engine's, through the Streams API): order, filtering, and resuming from the checkpoint file. */
class StreamPollerIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();
    @TempDir
    Path dir;

    /** Records every event it is invoked with. */
    public static final class Recorder implements RequestStreamHandler {
        static final List<JsonNode> EVENTS = new CopyOnWriteArrayList<>();

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
            EVENTS.add(Json.parse(input.readAllBytes()));
            output.write("{}".getBytes());
        }
    }

    private FunctionRegistry functions;
    private LocalFunction recorder;
    private EventLog failures;

    @BeforeEach
    void setUp() {
        Recorder.EVENTS.clear();
        functions = new FunctionRegistry("us-east-1", clazz -> clazz.getConstructor().newInstance(), Clock.systemUTC());
        recorder = functions.register(FunctionDefinition.of("recorder", Recorder.class.getName()));
        failures = new EventLog(dir.resolve("dlq.jsonl"), false);
    }

    @AfterEach
    void tearDown() {
        functions.close();
        failures.close();
    }

    @Test
    void poller_deliversAShardsRecordsInOrder_filtered_andResumesFromItsCheckpoint() {
        Checkpoints checkpoints = Checkpoints.inFile(dir.resolve("checkpoints.json"));
        EventSourceMapping mapping = EventSourceMapping.builder("recorder")
                .filters(List.of(StackFunctions.FOLLOW_EDGE_FILTER)).build();
        try (StreamPoller poller = poller(mapping, checkpoints)) {
            poller.start();
            for (int i = 0; i < 5; i++) {
                put("USER#a", "FOLLOWS#u" + i);
                put("USER#a", "PROFILE" + i);
            }
            awaitFollowEdges(5);
        }
        assertThat(followEdgesDelivered()).containsExactly("FOLLOWS#u0", "FOLLOWS#u1", "FOLLOWS#u2", "FOLLOWS#u3", "FOLLOWS#u4");

        // A new poller with the same checkpoints carries on after the last record, without replaying.
        Recorder.EVENTS.clear();
        try (StreamPoller poller = poller(mapping, Checkpoints.inFile(dir.resolve("checkpoints.json")))) {
            poller.start();
            put("USER#a", "FOLLOWS#u5");
            awaitFollowEdges(1);
        }
        assertThat(followEdgesDelivered()).containsExactly("FOLLOWS#u5");
        assertThat(failures.readAll()).isEmpty();
    }

    private StreamPoller poller(EventSourceMapping mapping, Checkpoints checkpoints) {
        return new StreamPoller(mapping, recorder, tables.streams(), tables.usersStreamArn(), "us-east-1",
                checkpoints, failures, Clock.systemUTC(), Duration.ofMillis(50));
    }

    private void put(String pk, String sk) {
        tables.dynamoDb().putItem(r -> r.tableName(tables.usersTable())
                .item(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))));
    }

    private void awaitFollowEdges(int count) {
        StackClient.eventually(Duration.ofSeconds(10), this::followEdgesDelivered, l -> l.size() >= count);
    }

    private List<String> followEdgesDelivered() {
        List<String> sks = new ArrayList<>();
        for (JsonNode event : Recorder.EVENTS) {
            event.get("Records").forEach(r -> sks.add(r.get("dynamodb").get("Keys").get("sk").get("S").asText()));
        }
        return sks;
    }
}
