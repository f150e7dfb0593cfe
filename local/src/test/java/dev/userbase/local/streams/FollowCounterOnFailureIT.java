package dev.userbase.local.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.counters.CounterStats;
import dev.userbase.core.counters.FollowCounterService;
import dev.userbase.core.counters.FollowCounterSettings;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.streams.StreamConsumer;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.local.Json;
import dev.userbase.local.StackFunctions;
import dev.userbase.local.events.EventLog;
import dev.userbase.local.lambda.FunctionDefinition;
import dev.userbase.local.lambda.FunctionRegistry;
import dev.userbase.local.lambda.LocalFunction;
import dev.userbase.local.testing.StackClient;
import dev.userbase.stream.FollowCounterHandler;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The follow-counter mapping as the local stack runs it (the bounded retries of
 * {@link StreamConsumer#FOLLOW_COUNTER}), on the engine's stream with the real counter: a window that
 * keeps failing is given up after the retries, lands in {@code dlq.jsonl} with its shard and
 * sequence range, and the follows written after it are still counted.
 */
class FollowCounterOnFailureIT {

    private static final String POISON = "poison";

    @RegisterExtension
    final LocalTables tables = new LocalTables();
    @TempDir
    Path dir;

    /** The real follow counter, except that every invocation with a follow of {@link #POISON} fails. */
    public static final class PoisonedFollowCounter
            implements RequestHandler<DynamodbTimeWindowEvent, TimeWindowEventResponse> {
        static volatile FollowCounterHandler real;
        static final AtomicInteger FAILURES = new AtomicInteger();

        @Override
        public TimeWindowEventResponse handleRequest(DynamodbTimeWindowEvent event, Context context) {
            boolean poisoned = event.getRecords() != null && event.getRecords().stream()
                    .anyMatch(r -> r.getDynamodb().getKeys().get("sk").getS().equals("FOLLOWS#" + POISON));
            if (poisoned) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException("cannot count the follow of " + POISON);
            }
            return real.handleRequest(event, context);
        }
    }

    private FunctionRegistry functions;
    private EventLog dlq;

    @BeforeEach
    void setUp() {
        PoisonedFollowCounter.FAILURES.set(0);
        PoisonedFollowCounter.real = new FollowCounterHandler(new FollowCounterService(tables.dynamoDb(),
                tables.usersTable(), Clock.systemUTC(), FollowCounterSettings.defaults(), new CounterStats()));
        functions = new FunctionRegistry("us-east-1", clazz -> clazz.getConstructor().newInstance(), Clock.systemUTC());
        dlq = new EventLog(dir.resolve("dlq.jsonl"), false);
    }

    @AfterEach
    void tearDown() {
        functions.close();
        dlq.close();
    }

    @Test
    void aWindowThatKeepsFailing_goesToTheDlqAfterTheRetries_andLaterFollowsAreStillCounted() throws Exception {
        // The deployed mapping's settings, with a 1 s window and 10 ms between retries so the test is quick.
        EventSourceMapping deployed = StackFunctions.mapping(StackFunctions.FOLLOW_COUNTER, StreamConsumer.FOLLOW_COUNTER,
                Optional.of(Duration.ofSeconds(1)));
        EventSourceMapping mapping = new EventSourceMapping(deployed.functionName(), deployed.batchSize(),
                deployed.maximumBatchingWindow(), deployed.startingPosition(), deployed.filters(),
                deployed.reportBatchItemFailures(), deployed.bisectBatchOnFunctionError(),
                deployed.maximumRetryAttempts(), deployed.maximumRecordAge(), deployed.tumblingWindow(),
                Duration.ofMillis(10));
        assertThat(mapping.maximumRetryAttempts()).as("bounded").isPositive();
        LocalFunction counter = functions.register(FunctionDefinition.of(StackFunctions.FOLLOW_COUNTER,
                PoisonedFollowCounter.class.getName()));
        for (String user : List.of("ann", "bob", "cat")) {
            put(UserProfile.builder().userId(user).email(user + "@example.com").createdAt(Instant.now()).build().toItem());
        }

        try (StreamPoller poller = new StreamPoller(mapping, counter, tables.streams(), tables.usersStreamArn(),
                "us-east-1", Checkpoints.inFile(dir.resolve("checkpoints.json")), dlq, Clock.systemUTC(),
                Duration.ofMillis(50))) {
            poller.start();
            put(new FollowEdge("ann", "bob", Instant.now()).toItem());
            awaitCount("bob", UserProfile.FOLLOWER_COUNT, 1);

            put(new FollowEdge("ann", POISON, Instant.now()).toItem());
            List<JsonNode> given = StackClient.eventually(Duration.ofSeconds(30), this::dlqLines, l -> !l.isEmpty());

            JsonNode failure = given.get(0);
            assertThat(failure.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
            assertThat(failure.at("/requestContext/approximateInvokeCount").asInt())
                    .isEqualTo(StreamConsumer.FOLLOW_COUNTER.maximumRetryAttempts() + 1);
            assertThat(failure.at("/requestContext/functionArn").asText()).endsWith(":function:" + StackFunctions.FOLLOW_COUNTER);
            assertThat(failure.get("functionName").asText()).isEqualTo(StackFunctions.FOLLOW_COUNTER);
            assertThat(failure.at("/error/errorMessage").asText()).isEqualTo("cannot count the follow of " + POISON);
            JsonNode info = failure.get("DDBStreamBatchInfo");
            assertThat(info.get("streamArn").asText()).isEqualTo(tables.usersStreamArn());
            assertThat(info.get("shardId").asText()).isNotBlank();
            assertThat(info.get("batchSize").asInt()).isEqualTo(1);
            JsonNode poisoned = failure.at("/payload/Records/0/dynamodb");
            assertThat(poisoned.at("/Keys/sk/S").asText()).isEqualTo("FOLLOWS#" + POISON);
            assertThat(info.get("startSequenceNumber").asText()).isEqualTo(poisoned.get("SequenceNumber").asText());
            assertThat(info.get("endSequenceNumber").asText()).isEqualTo(poisoned.get("SequenceNumber").asText());
            assertThat(Instant.parse(info.get("approximateArrivalOfFirstRecord").asText())).isBeforeOrEqualTo(Instant.now());
            // the first invocation and every retry of the window, then no more
            assertThat(PoisonedFollowCounter.FAILURES.get()).isEqualTo(StreamConsumer.FOLLOW_COUNTER.maximumRetryAttempts() + 1);

            put(new FollowEdge("cat", "bob", Instant.now()).toItem());
            put(new FollowEdge("ann", "cat", Instant.now()).toItem());
            awaitCount("bob", UserProfile.FOLLOWER_COUNT, 2);
            awaitCount("cat", UserProfile.FOLLOWER_COUNT, 1);
            // bob and cat: the poisoned follow was given up, not counted
            awaitCount("ann", UserProfile.FOLLOWING_COUNT, 2);
        }
        assertThat(PoisonedFollowCounter.FAILURES.get()).isEqualTo(StreamConsumer.FOLLOW_COUNTER.maximumRetryAttempts() + 1);
        // one JSON document per line, in the file the local stack's runbook points to
        assertThat(Files.readAllLines(dir.resolve("dlq.jsonl"))).singleElement()
                .satisfies(line -> assertThat(Json.parse(line).at("/DDBStreamBatchInfo/shardId").asText()).isNotBlank());
    }

    private List<JsonNode> dlqLines() {
        return dlq.readAll();
    }

    private void awaitCount(String user, String attribute, long expected) {
        StackClient.eventually(Duration.ofSeconds(20), () -> count(user, attribute), c -> c == expected);
    }

    private long count(String user, String attribute) {
        Map<String, AttributeValue> item = tables.dynamoDb()
                .getItem(r -> r.tableName(tables.usersTable()).key(UserProfile.key(user)).consistentRead(true)).item();
        return Attributes.optionalNumber(item, attribute).orElse(0L);
    }

    private void put(Map<String, AttributeValue> item) {
        tables.dynamoDb().putItem(r -> r.tableName(tables.usersTable()).item(item));
    }
}
