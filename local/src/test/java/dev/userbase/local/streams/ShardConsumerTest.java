package dev.userbase.local.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.testing.MutableClock;
import dev.userbase.local.Json;
import dev.userbase.local.StackFunctions;
import dev.userbase.local.lambda.InvocationResult;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** Lambda's event source mapping semantics for one shard, with a scripted shard, function and clock. */
class ShardConsumerTest {

    private static final String STREAM = "arn:aws:dynamodb:us-east-1:000000000000:table/users/stream/2026-01-01T00:00:00.000";
    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final ScriptedShard shard = new ScriptedShard();
    private final List<JsonNode> invocations = new ArrayList<>();
    private final List<String> checkpoints = new ArrayList<>();
    private final List<ObjectNode> destination = new ArrayList<>();
    private Function<JsonNode, InvocationResult> function = event -> ok("{}");

    // ------------------------------------------------------------------ batches

    @Test
    void step_deliversRecordsInOrderAndCheckpointsAfterSuccess() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").build());
        shard.next(insert(1), insert(2), insert(3));

        consumer.step();

        assertThat(invocations).hasSize(1);
        assertThat(sequenceNumbers(invocations.get(0))).containsExactly(seq(1), seq(2), seq(3));
        assertThat(invocations.get(0).get("Records").get(0).get("eventSource").asText()).isEqualTo("aws:dynamodb");
        assertThat(checkpoints).containsExactly(seq(3));
    }

    @Test
    void batchSize_limitsRecordsPerInvocation() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").batchSize(2).build());
        shard.next(insert(1), insert(2), insert(3), insert(4), insert(5));

        consumer.step();

        assertThat(invocations).extracting(this::sequenceNumbers)
                .containsExactly(List.of(seq(1), seq(2)), List.of(seq(3), seq(4)), List.of(seq(5)));
        assertThat(checkpoints).containsExactly(seq(2), seq(4), seq(5));
    }

    @Test
    void batchingWindow_holdsAPartialBatchUntilTheWindowHasPassed() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").batchSize(10)
                .maximumBatchingWindow(Duration.ofSeconds(2)).build());
        shard.next(insert(1));
        consumer.step();
        clock.advance(Duration.ofSeconds(1));
        shard.next(insert(2));
        consumer.step();
        assertThat(invocations).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        consumer.step();

        assertThat(invocations).extracting(this::sequenceNumbers).containsExactly(List.of(seq(1), seq(2)));
    }

    @Test
    void filter_dropsRecordsMatchingNoPatternAndCheckpointsPastThem() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f")
                .filters(List.of(StackFunctions.FOLLOW_EDGE_FILTER)).build());
        shard.next(insert(1, "FOLLOWS#b"), insert(2, "PROFILE"), modify(3, "FOLLOWS#c"), remove(4, "FOLLOWS#b"));

        consumer.step();

        assertThat(invocations).extracting(this::sequenceNumbers).containsExactly(List.of(seq(1), seq(4)));
        assertThat(checkpoints).last().isEqualTo(seq(4));

        shard.next(insert(5, "PROFILE"));
        consumer.step();
        assertThat(invocations).hasSize(1);
        assertThat(checkpoints).last().isEqualTo(seq(5));
    }

    @Test
    void reportBatchItemFailures_checkpointsBeforeTheFirstFailureAndRetriesFromIt() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").reportBatchItemFailures(true).build());
        function = event -> invocations.size() == 1
                ? ok("{\"batchItemFailures\":[{\"itemIdentifier\":\"" + seq(3) + "\"},{\"itemIdentifier\":\"" + seq(2) + "\"}]}")
                : ok("{\"batchItemFailures\":[]}");
        shard.next(insert(1), insert(2), insert(3));

        consumer.step();

        assertThat(invocations).extracting(this::sequenceNumbers)
                .containsExactly(List.of(seq(1), seq(2), seq(3)), List.of(seq(2), seq(3)));
        assertThat(checkpoints).containsExactly(seq(1), seq(3));
        assertThat(destination).isEmpty();
    }

    @Test
    void reportBatchItemFailures_withAnIdentifierNotInTheBatch_failsTheWholeBatch() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").reportBatchItemFailures(true)
                .maximumRetryAttempts(1).build());
        function = event -> ok("{\"batchItemFailures\":[{\"itemIdentifier\":\"nope\"}]}");
        shard.next(insert(1), insert(2));

        consumer.step();

        assertThat(invocations).extracting(this::sequenceNumbers)
                .containsExactly(List.of(seq(1), seq(2)), List.of(seq(1), seq(2)));
        assertThat(destination).hasSize(1);
    }

    @Test
    void batchItemFailures_areIgnoredWhenTheMappingDoesNotReportThem() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").build());
        function = event -> ok("{\"batchItemFailures\":[{\"itemIdentifier\":\"" + seq(1) + "\"}]}");
        shard.next(insert(1));

        consumer.step();

        assertThat(invocations).hasSize(1);
        assertThat(checkpoints).containsExactly(seq(1));
    }

    @Test
    void functionError_isRetriedThenSentToTheOnFailureDestination_andTheShardMovesOn() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").maximumRetryAttempts(2).build());
        function = event -> sequenceNumbers(event).contains(seq(1)) ? error() : ok("{}");
        shard.next(insert(1));
        consumer.step();
        shard.next(insert(2));
        consumer.step();

        assertThat(invocations).extracting(this::sequenceNumbers)
                .containsExactly(List.of(seq(1)), List.of(seq(1)), List.of(seq(1)), List.of(seq(2)));
        assertThat(destination).hasSize(1);
        ObjectNode failure = destination.get(0);
        assertThat(failure.get("requestContext").get("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(failure.get("requestContext").get("approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(failure.get("responseContext").get("functionError").asText()).isEqualTo("Unhandled");
        assertThat(failure.get("DDBStreamBatchInfo").get("startSequenceNumber").asText()).isEqualTo(seq(1));
        assertThat(failure.get("DDBStreamBatchInfo").get("batchSize").asInt()).isEqualTo(1);
        assertThat(failure.get("DDBStreamBatchInfo").get("streamArn").asText()).isEqualTo(STREAM);
        assertThat(sequenceNumbers(failure.get("payload"))).containsExactly(seq(1));
        // local additions: which mapping gave up, and why
        assertThat(failure.get("functionName").asText()).isEqualTo("f");
        assertThat(failure.at("/error/errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failure.at("/error/errorMessage").asText()).isEqualTo("boom");
        assertThat(checkpoints).containsExactly(seq(1), seq(2));
    }

    @Test
    void retries_waitLongerEachTime() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").maximumRetryAttempts(3)
                .retryBackoff(Duration.ofSeconds(1)).build());
        function = event -> error();
        Instant start = clock.instant();
        shard.next(insert(1));

        consumer.step();

        assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofSeconds(1 + 2 + 4));
    }

    @Test
    void bisectOnError_isolatesTheFailingRecord() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").bisectBatchOnFunctionError(true)
                .maximumRetryAttempts(0).build());
        function = event -> sequenceNumbers(event).contains(seq(3)) ? error() : ok("{}");
        shard.next(insert(1), insert(2), insert(3), insert(4));

        consumer.step();

        assertThat(invocations).extracting(this::sequenceNumbers).containsExactly(
                List.of(seq(1), seq(2), seq(3), seq(4)),
                List.of(seq(1), seq(2)),
                List.of(seq(3), seq(4)),
                List.of(seq(3)),
                List.of(seq(4)));
        assertThat(destination).singleElement()
                .satisfies(d -> assertThat(sequenceNumbers(d.get("payload"))).containsExactly(seq(3)));
        assertThat(checkpoints).last().isEqualTo(seq(4));
    }

    @Test
    void maximumRecordAge_sendsOldRecordsToTheDestinationUnprocessed() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").maximumRecordAge(Duration.ofMinutes(1)).build());
        shard.next(insert(1, "PROFILE", clock.instant().minus(Duration.ofMinutes(5))));

        consumer.step();

        assertThat(invocations).isEmpty();
        assertThat(destination).singleElement()
                .satisfies(d -> assertThat(d.get("requestContext").get("condition").asText()).isEqualTo("RecordAgeExceeded"));
        assertThat(checkpoints).containsExactly(seq(1));
    }

    @Test
    void endOfShard_deliversWhatIsLeftAndFinishes() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").batchSize(10)
                .maximumBatchingWindow(Duration.ofMinutes(1)).build());
        shard.next(insert(1));
        consumer.step();
        assertThat(invocations).isEmpty();

        shard.end();
        consumer.step();

        assertThat(invocations).hasSize(1);
        assertThat(consumer.finished()).isTrue();
    }

    // ------------------------------------------------------------------ tumbling windows

    @Test
    void tumblingWindow_carriesStateAcrossInvocationsAndCheckpointsOnlyAfterTheFinalOne() throws Exception {
        clock.set(Instant.parse("2026-03-01T10:00:00Z"));
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").tumblingWindow(Duration.ofSeconds(10)).build());
        function = event -> {
            int seen = Integer.parseInt(event.get("state").path("n").asText("0")) + event.get("Records").size();
            return ok("{\"state\":{\"n\":\"" + seen + "\"}}");
        };
        shard.next(insert(1), insert(2));
        consumer.step();
        clock.advance(Duration.ofSeconds(5));
        shard.next(insert(3));
        consumer.step();
        assertThat(checkpoints).isEmpty();

        clock.advance(Duration.ofSeconds(5));
        consumer.step();

        assertThat(invocations).hasSize(3);
        JsonNode first = invocations.get(0);
        assertThat(first.get("state").size()).isZero();
        assertThat(first.get("isFinalInvokeForWindow").asBoolean()).isFalse();
        assertThat(first.get("window").get("start").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(first.get("window").get("end").asText()).isEqualTo("2026-03-01T10:00:10Z");
        assertThat(first.get("shardId").asText()).isEqualTo("shard-1");
        assertThat(first.get("eventSourceARN").asText()).isEqualTo(STREAM);
        assertThat(invocations.get(1).get("state").get("n").asText()).isEqualTo("2");
        JsonNode last = invocations.get(2);
        assertThat(last.get("isFinalInvokeForWindow").asBoolean()).isTrue();
        assertThat(last.get("isWindowTerminatedEarly").asBoolean()).isFalse();
        assertThat(last.get("Records").size()).isZero();
        assertThat(last.get("state").get("n").asText()).isEqualTo("3");
        assertThat(checkpoints).containsExactly(seq(3));
    }

    @Test
    void tumblingWindow_aRecordOfTheNextWindowClosesTheCurrentOne() throws Exception {
        clock.set(Instant.parse("2026-03-01T10:00:09Z"));
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").tumblingWindow(Duration.ofSeconds(10)).build());
        shard.next(insert(1));
        consumer.step();
        clock.set(Instant.parse("2026-03-01T10:00:11Z"));
        shard.next(insert(2));

        consumer.step();

        assertThat(invocations).extracting(e -> e.get("window").get("start").asText() + " final="
                        + e.get("isFinalInvokeForWindow").asBoolean() + " " + sequenceNumbers(e))
                .containsExactly(
                        "2026-03-01T10:00:00Z final=false [" + seq(1) + "]",
                        "2026-03-01T10:00:00Z final=true []",
                        "2026-03-01T10:00:10Z final=false [" + seq(2) + "]");
        assertThat(checkpoints).containsExactly(seq(1));
    }

    @Test
    void tumblingWindow_aFailureReplaysTheWindowFromItsStartWithEmptyState() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").tumblingWindow(Duration.ofSeconds(10)).build());
        int[] finals = {0};
        function = event -> {
            if (event.get("isFinalInvokeForWindow").asBoolean() && finals[0]++ == 0) {
                return error();
            }
            return ok("{\"state\":{\"seen\":\"" + (event.get("state").path("seen").asText("") + event.get("Records").size()) + "\"}}");
        };
        shard.next(insert(1), insert(2));
        consumer.step();
        clock.advance(Duration.ofSeconds(10));

        consumer.step();

        assertThat(invocations).extracting(e -> e.get("isFinalInvokeForWindow").asBoolean() + " " + sequenceNumbers(e)
                        + " " + e.get("state"))
                .containsExactly(
                        "false [" + seq(1) + ", " + seq(2) + "] {}",
                        "true [] {\"seen\":\"2\"}",
                        "true [" + seq(1) + ", " + seq(2) + "] {}");
        assertThat(checkpoints).containsExactly(seq(2));
    }

    @Test
    void tumblingWindow_givenUpAfterTheRetries_goesToTheDestinationAndTheShardMovesOn() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").tumblingWindow(Duration.ofSeconds(10))
                .maximumRetryAttempts(1).build());
        function = event -> event.get("isFinalInvokeForWindow").asBoolean() ? error() : ok("{}");
        shard.next(insert(1));
        consumer.step();
        clock.advance(Duration.ofSeconds(10));

        consumer.step();

        assertThat(destination).singleElement().satisfies(d -> {
            assertThat(sequenceNumbers(d.get("payload"))).containsExactly(seq(1));
            assertThat(d.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
            assertThat(d.at("/DDBStreamBatchInfo/shardId").asText()).isEqualTo("shard-1");
            assertThat(d.at("/error/errorMessage").asText()).isEqualTo("boom");
        });
        assertThat(checkpoints).containsExactly(seq(1));
    }

    @Test
    // without the age limit the retries would never end (and the clock only moves in the sleeps)
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void tumblingWindow_whoseRecordsPassTheMaximumAgeWhileRetried_isGivenUp_andTheNextWindowIsDelivered() throws Exception {
        // retries unbounded: only the record age gives up
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").tumblingWindow(Duration.ofSeconds(10))
                .maximumRecordAge(Duration.ofMinutes(1)).retryBackoff(Duration.ofSeconds(10)).build());
        function = event -> event.get("isFinalInvokeForWindow").asBoolean() ? error() : ok("{}");
        Instant written = clock.instant();
        shard.next(insert(1));
        consumer.step();
        clock.advance(Duration.ofSeconds(10));

        consumer.step();

        assertThat(destination).singleElement().satisfies(d -> {
            assertThat(d.at("/requestContext/condition").asText()).isEqualTo("RecordAgeExceeded");
            assertThat(d.at("/DDBStreamBatchInfo/startSequenceNumber").asText()).isEqualTo(seq(1));
            assertThat(d.at("/DDBStreamBatchInfo/endSequenceNumber").asText()).isEqualTo(seq(1));
            assertThat(d.at("/DDBStreamBatchInfo/approximateArrivalOfFirstRecord").asText()).isEqualTo(written.toString());
            assertThat(d.at("/error/errorMessage").asText()).as("the last failure's").isEqualTo("boom");
        });
        // retried (10 s, 20 s, 40 s of backoff) until the record was a minute old, then no more invocations
        assertThat(Duration.between(written, clock.instant())).isGreaterThan(Duration.ofMinutes(1));
        int invoked = invocations.size();
        assertThat(invoked).isGreaterThan(3);
        assertThat(checkpoints).containsExactly(seq(1));

        function = event -> ok("{}");
        shard.next(insert(2));
        consumer.step();
        clock.advance(Duration.ofSeconds(10));
        consumer.step();

        assertThat(invocations.subList(invoked, invocations.size())).extracting(this::sequenceNumbers)
                .containsExactly(List.of(seq(2)), List.of());
        assertThat(checkpoints).containsExactly(seq(1), seq(2));
        assertThat(destination).hasSize(1);
    }

    @Test
    void tumblingWindow_endOfShardTerminatesTheWindowEarly() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").tumblingWindow(Duration.ofMinutes(1)).build());
        shard.next(insert(1));
        consumer.step();
        shard.end();

        consumer.step();

        JsonNode last = invocations.get(invocations.size() - 1);
        assertThat(last.get("isFinalInvokeForWindow").asBoolean()).isTrue();
        assertThat(last.get("isWindowTerminatedEarly").asBoolean()).isTrue();
        assertThat(consumer.finished()).isTrue();
    }

    // ------------------------------------------------------------------ record JSON

    @Test
    void records_carryTheStacksRegion_andTheStreamsUserIdentity() throws Exception {
        ShardConsumer consumer = consumer(EventSourceMapping.builder("f").build());
        // the engine writes a TTL deletion's REMOVE with DynamoDB's service identity; a client's has none
        Record byTtl = remove(2, "TOKEN#x").toBuilder()
                .userIdentity(Identity.builder().type("Service").principalId("dynamodb.amazonaws.com").build()).build();
        shard.next(remove(1, "PROFILE"), byTtl);

        consumer.step();

        JsonNode records = invocations.get(0).get("Records");
        assertThat(records.get(0).get("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(records.get(1).get("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(records.get(0).has("userIdentity")).as("a deletion by a client").isFalse();
        assertThat(records.get(1).get("userIdentity").get("type").asText()).isEqualTo("Service");
        assertThat(records.get(1).get("userIdentity").get("principalId").asText()).isEqualTo("dynamodb.amazonaws.com");
    }

    // ------------------------------------------------------------------ fixtures

    private ShardConsumer consumer(EventSourceMapping mapping) {
        return ShardConsumer.builder()
                .mapping(mapping)
                .functionArn("arn:aws:lambda:us-east-1:000000000000:function:f")
                .streamArn(STREAM)
                .shardId("shard-1")
                .region("us-east-1")
                .reader(shard)
                .function(payload -> {
                    JsonNode event = Json.parse(payload);
                    invocations.add(event);
                    return function.apply(event);
                })
                .filter(StreamPoller.filterOf(mapping.filters()))
                .checkpoint(checkpoints::add)
                .onFailure(destination::add)
                .clock(clock)
                .sleeper(clock::advance)
                .build();
    }

    private List<String> sequenceNumbers(JsonNode event) {
        List<String> numbers = new ArrayList<>();
        event.get("Records").forEach(r -> numbers.add(r.get("dynamodb").get("SequenceNumber").asText()));
        return numbers;
    }

    private static InvocationResult ok(String payload) {
        return new InvocationResult(UUID.randomUUID().toString(), payload.getBytes(StandardCharsets.UTF_8), null);
    }

    private static InvocationResult error() {
        return new InvocationResult(UUID.randomUUID().toString(),
                "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}".getBytes(StandardCharsets.UTF_8),
                InvocationResult.UNHANDLED);
    }

    private static String seq(int n) {
        return String.format("%021d", n);
    }

    private Record insert(int n) {
        return insert(n, "PROFILE");
    }

    private Record insert(int n, String sk) {
        return insert(n, sk, clock.instant());
    }

    private Record insert(int n, String sk, Instant created) {
        return record(n, OperationType.INSERT, sk, created);
    }

    private Record modify(int n, String sk) {
        return record(n, OperationType.MODIFY, sk, clock.instant());
    }

    private Record remove(int n, String sk) {
        return record(n, OperationType.REMOVE, sk, clock.instant());
    }

    private static Record record(int n, OperationType type, String sk, Instant created) {
        Map<String, AttributeValue> keys = Map.of("pk", AttributeValue.fromS("USER#a"), "sk", AttributeValue.fromS(sk));
        StreamRecord.Builder stream = StreamRecord.builder()
                .keys(keys)
                .sequenceNumber(seq(n))
                .sizeBytes(40L)
                .approximateCreationDateTime(created)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        if (type != OperationType.REMOVE) {
            stream.newImage(keys);
        }
        if (type != OperationType.INSERT) {
            stream.oldImage(keys);
        }
        return Record.builder().eventID("e" + n).eventName(type).eventVersion("1.1").awsRegion("ddblocal")
                .eventSource("aws:dynamodb").dynamodb(stream.build()).build();
    }

    /** A shard whose polls return what the test queued. */
    private static final class ScriptedShard implements ShardReader {
        private final Deque<List<Record>> polls = new ArrayDeque<>();
        private boolean ended;
        private boolean endRequested;

        void next(Record... records) {
            polls.add(List.of(records));
        }

        void end() {
            endRequested = true;
        }

        @Override
        public List<Record> poll() {
            List<Record> records = polls.isEmpty() ? List.of() : polls.removeFirst();
            if (polls.isEmpty() && endRequested) {
                ended = true;
            }
            return records;
        }

        @Override
        public boolean ended() {
            return ended;
        }
    }
}
