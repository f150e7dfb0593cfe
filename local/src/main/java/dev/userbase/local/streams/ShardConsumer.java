package dev.userbase.local.streams;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.core.streams.LambdaEventJson;
import dev.userbase.local.Json;
import dev.userbase.local.lambda.InvocationResult;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * One event source mapping reading one shard, as Lambda's poller does: records in order, filtered,
 * gathered into batches (batch size, batching window, 6 MB), one invocation at a time; a batch is
 * checkpointed only when the function is done with it; failures are retried (with
 * {@code ReportBatchItemFailures} from the first failed record), bisected if configured, and after
 * the retries sent to the on-failure destination so the shard moves on. With a tumbling window the
 * function carries {@code state} from one invocation of a window to the next, and the window is
 * checkpointed only after its final invocation succeeds; a failure replays the window from its start
 * with empty state, and after the retries, or once its oldest record is past the maximum record age,
 * the whole window goes to the on-failure destination.
 *
 * <p>Driven by {@link #step()} (one poll and whatever delivery it allows), so the logic can be tested
 * with a scripted reader and clock; {@link StreamPoller} runs it on a thread.
 */
final class ShardConsumer {

    private static final Logger LOG = LogManager.getLogger(ShardConsumer.class);
    private static final int MAX_BACKOFF_FACTOR = 8;

    /** Waits between retries (a thread sleep in the stack, a clock advance in tests). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final EventSourceMapping mapping;
    private final String functionArn;
    private final String streamArn;
    private final String shardId;
    private final String region;
    private final LambdaEventJson lambdaJson;
    private final ShardReader reader;
    private final Function<byte[], InvocationResult> function;
    private final Predicate<ObjectNode> filter;
    private final Consumer<String> checkpoint;
    private final Consumer<ObjectNode> onFailure;
    private final Clock clock;
    private final Sleeper sleeper;

    /** Records read and not yet checkpointed, in shard order (filtered-out ones included). */
    private final Deque<Entry> pending = new ArrayDeque<>();
    private Window window;

    private ShardConsumer(Builder b) {
        this.mapping = b.mapping;
        this.functionArn = b.functionArn;
        this.streamArn = b.streamArn;
        this.shardId = b.shardId;
        this.region = b.region;
        this.lambdaJson = new LambdaEventJson(b.region);
        this.reader = b.reader;
        this.function = b.function;
        this.filter = b.filter;
        this.checkpoint = b.checkpoint;
        this.onFailure = b.onFailure;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String shardId() {
        return shardId;
    }

    /** True when the shard is closed and everything read from it is checkpointed. */
    public boolean finished() {
        return reader.ended() && pending.isEmpty() && window == null;
    }

    /**
     * The record as Lambda would pass it: in the stack's region. Everything else is the stream's own,
     * the {@code userIdentity} of a TTL deletion included (the engine writes it as DynamoDB does).
     */
    Record asLambdaSeesIt(Record record) {
        return record.toBuilder().awsRegion(region).build();
    }

    /**
     * Polls once and delivers whatever is due.
     *
     * @return whether any records were read (the runner polls again at once if so)
     */
    public boolean step() throws InterruptedException {
        List<Record> records =
                reader.ended() ? List.of() : reader.poll();
        Instant now = clock.instant();
        for (Record record : records) {
            ObjectNode json = lambdaJson.record(asLambdaSeesIt(record), streamArn);
            pending.addLast(Entry.of(record.dynamodb().sequenceNumber(), json, filter.test(json), now,
                    record.dynamodb().approximateCreationDateTime()));
        }
        if (mapping.hasTumblingWindow()) {
            deliverWindows();
        } else {
            deliverBatches();
        }
        return !records.isEmpty();
    }

    // ---------------------------------------------------------------- batches without a window

    private void deliverBatches() throws InterruptedException {
        while (true) {
            dropLeadingFilteredOut();
            List<Entry> batch = nextBatch(pending.iterator(), e -> true);
            if (batch.isEmpty()) {
                return;
            }
            boolean full = batch.size() >= mapping.batchSize() || morePendingMatchedAfter(batch);
            boolean waited = !clock.instant().isBefore(batch.get(0).arrival().plus(mapping.maximumBatchingWindow()));
            if (!full && !waited && !reader.ended()) {
                return;
            }
            deliver(batch);
        }
    }

    /** Runs a batch to completion: success, or retries exhausted and the rest sent to the destination. */
    private void deliver(List<Entry> batch) throws InterruptedException {
        Deque<Attempt> work = new ArrayDeque<>();
        work.push(new Attempt(batch, 0));
        while (!work.isEmpty()) {
            Attempt attempt = work.pop();
            if (tooOld(attempt.records)) {
                sendToDestination(attempt.records, "RecordAgeExceeded", attempt.invocations, null);
                complete(attempt.records);
                continue;
            }
            InvocationResult result = function.apply(Json.bytes(batchEvent(attempt.records)));
            int invocations = attempt.invocations + 1;
            Outcome outcome = evaluate(result, attempt.records);
            if (outcome.succeeded()) {
                complete(attempt.records);
                continue;
            }
            if (outcome.firstFailed > 0) {
                // Records before the first failure are done: checkpoint them, retry from the failure.
                complete(attempt.records.subList(0, outcome.firstFailed));
            }
            List<Entry> remaining = attempt.records.subList(Math.max(0, outcome.firstFailed), attempt.records.size());
            int retries = invocations - 1;
            boolean wholeBatchError = outcome.firstFailed < 0;
            if (wholeBatchError && mapping.bisectBatchOnFunctionError() && remaining.size() > 1) {
                // Splitting does not use up a retry: it is how the failing record is isolated.
                int half = remaining.size() / 2;
                LOG.info("{} {}: batch of {} failed, bisecting", mapping.functionName(), shardId, remaining.size());
                work.push(new Attempt(List.copyOf(remaining.subList(half, remaining.size())), 0));
                work.push(new Attempt(List.copyOf(remaining.subList(0, half)), 0));
                continue;
            }
            if (mapping.maximumRetryAttempts() >= 0 && retries >= mapping.maximumRetryAttempts()) {
                LOG.warn("{} {}: {} record(s) failed after {} retries: sent to the on-failure destination",
                        mapping.functionName(), shardId, remaining.size(), retries);
                sendToDestination(remaining, "RetryAttemptsExhausted", invocations, result);
                complete(remaining);
                continue;
            }
            backoff(invocations);
            work.push(new Attempt(List.copyOf(remaining), invocations));
        }
    }

    private ObjectNode batchEvent(List<Entry> records) {
        ObjectNode event = Json.object();
        ArrayNode array = event.putArray("Records");
        records.forEach(e -> array.add(e.json()));
        return event;
    }

    // ---------------------------------------------------------------- tumbling windows

    private void deliverWindows() throws InterruptedException {
        while (true) {
            if (window == null) {
                dropLeadingFilteredOut();
                Optional<Entry> first = pending.stream().filter(Entry::matched).findFirst();
                if (first.isEmpty()) {
                    return;
                }
                window = new Window(windowStart(first.get().arrival()));
            }
            Window w = window;
            boolean closed = !clock.instant().isBefore(w.end) || reader.ended()
                    || pending.stream().anyMatch(e -> !w.contains(e.arrival()));
            // Intermediate invocations: full batches, or records that waited out the batching window.
            while (true) {
                List<Entry> undelivered = undelivered(w);
                if (undelivered.isEmpty()) {
                    break;
                }
                boolean full = undelivered.size() >= mapping.batchSize() || morePendingMatchedAfter(undelivered, w);
                boolean waited = !clock.instant().isBefore(
                        undelivered.get(0).arrival().plus(mapping.maximumBatchingWindow()));
                if (closed && !full) {
                    break; // the rest goes with the final invocation
                }
                if (!full && !waited) {
                    return;
                }
                if (!invokeWindow(w, undelivered, false)) {
                    if (window == null) {
                        break; // given up: the window went to the destination
                    }
                    continue; // replaying from the window's start
                }
            }
            if (window == null) {
                continue;
            }
            if (!closed) {
                return;
            }
            List<Entry> rest = undelivered(w);
            boolean terminatedEarly = reader.ended() && clock.instant().isBefore(w.end);
            if (invokeWindow(w, rest, true, terminatedEarly)) {
                complete(w.records(pending));
                window = null;
            }
        }
    }

    private boolean invokeWindow(Window w, List<Entry> records, boolean last) throws InterruptedException {
        return invokeWindow(w, records, last, false);
    }

    /** One invocation of a window; on failure, either resets the window for a replay or gives it up. */
    private boolean invokeWindow(Window w, List<Entry> records, boolean last, boolean terminatedEarly)
            throws InterruptedException {
        if (tooOld(matched(w))) {
            // Lambda does not invoke with records past the maximum age: the window, state and all, is given up.
            giveUp(w, "RecordAgeExceeded", w.lastFailure);
            return false;
        }
        ObjectNode event = batchEvent(records);
        event.putObject("window")
                .put("start", DateTimeFormatter.ISO_INSTANT.format(w.start))
                .put("end", DateTimeFormatter.ISO_INSTANT.format(w.end));
        ObjectNode state = event.putObject("state");
        w.state.forEach(state::put);
        event.put("shardId", shardId);
        event.put("eventSourceARN", streamArn);
        event.put("isFinalInvokeForWindow", last);
        event.put("isWindowTerminatedEarly", terminatedEarly);
        InvocationResult result = function.apply(Json.bytes(event));
        w.invocations++;
        Outcome outcome = evaluate(result, records);
        if (outcome.succeeded()) {
            w.delivered += records.size();
            w.state = stateOf(result);
            return true;
        }
        w.failures++;
        w.lastFailure = result;
        if (mapping.maximumRetryAttempts() >= 0 && w.failures > mapping.maximumRetryAttempts()) {
            giveUp(w, "RetryAttemptsExhausted", result);
            return false;
        }
        LOG.info("{} {}: window {} failed, replaying it from its start", mapping.functionName(), shardId, w.start);
        backoff(w.failures);
        w.delivered = 0;
        w.state = Map.of();
        return false;
    }

    /**
     * Gives up a window: every record of it goes to the on-failure destination, since the state the
     * function built from the earlier ones dies with the window, and the shard moves on.
     */
    private void giveUp(Window w, String condition, InvocationResult last) {
        List<Entry> all = w.records(pending);
        List<Entry> matched = all.stream().filter(Entry::matched).toList();
        LOG.warn("{} {}: window {} given up ({}, {} retries): its {} record(s) sent to the on-failure destination",
                mapping.functionName(), shardId, w.start, condition, Math.max(0, w.failures - 1), matched.size());
        sendToDestination(matched, condition, w.invocations, last);
        complete(all);
        window = null;
    }

    private List<Entry> matched(Window w) {
        return w.records(pending).stream().filter(Entry::matched).toList();
    }

    private List<Entry> undelivered(Window w) {
        List<Entry> matched = matched(w);
        List<Entry> rest = matched.subList(Math.min(w.delivered, matched.size()), matched.size());
        return limit(rest);
    }

    private Instant windowStart(Instant arrival) {
        long size = mapping.tumblingWindow().toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(arrival.toEpochMilli(), size) * size);
    }

    private static Map<String, String> stateOf(InvocationResult result) {
        JsonNode state = parse(result).map(r -> r.get("state")).orElse(null);
        if (state == null || !state.isObject()) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        state.properties().forEach(f -> values.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
        return values;
    }

    // ---------------------------------------------------------------- shared

    /** The next batch: up to batch size matched records from the head, within the payload limit. */
    private List<Entry> nextBatch(Iterator<Entry> from, Predicate<Entry> include) {
        List<Entry> batch = new ArrayList<>();
        while (from.hasNext() && batch.size() < mapping.batchSize()) {
            Entry e = from.next();
            if (e.matched() && include.test(e)) {
                batch.add(e);
            }
        }
        return limit(batch);
    }

    private List<Entry> limit(List<Entry> records) {
        List<Entry> limited = new ArrayList<>();
        int bytes = 20;
        for (Entry e : records) {
            if (limited.size() >= mapping.batchSize()
                    || (!limited.isEmpty() && bytes + e.bytes() > EventSourceMapping.MAX_PAYLOAD_BYTES)) {
                break;
            }
            limited.add(e);
            bytes += e.bytes() + 1;
        }
        return limited;
    }

    private boolean morePendingMatchedAfter(List<Entry> batch) {
        long matched = pending.stream().filter(Entry::matched).count();
        return matched > batch.size();
    }

    private boolean morePendingMatchedAfter(List<Entry> batch, Window w) {
        long matched = w.records(pending).stream().filter(Entry::matched).count() - w.delivered;
        return matched > batch.size();
    }

    private void dropLeadingFilteredOut() {
        String last = null;
        while (!pending.isEmpty() && !pending.peekFirst().matched()) {
            last = pending.removeFirst().sequenceNumber();
        }
        if (last != null) {
            checkpoint.accept(last);
        }
    }

    /** Removes the records up to the last of {@code done} (filtered-out ones between included) and checkpoints. */
    private void complete(List<Entry> done) {
        if (done.isEmpty()) {
            return;
        }
        BigInteger last = new BigInteger(done.get(done.size() - 1).sequenceNumber());
        String checkpointed = null;
        while (!pending.isEmpty() && new BigInteger(pending.peekFirst().sequenceNumber()).compareTo(last) <= 0) {
            checkpointed = pending.removeFirst().sequenceNumber();
        }
        if (checkpointed != null) {
            checkpoint.accept(checkpointed);
        }
    }

    private boolean tooOld(List<Entry> records) {
        Duration maxAge = mapping.maximumRecordAge();
        if (maxAge == null || records.isEmpty() || records.get(0).created() == null) {
            return false;
        }
        return records.get(0).created().plus(maxAge).isBefore(clock.instant());
    }

    /** Outcome of one invocation: success, whole failure ({@code firstFailed < 0}) or partial from an index. */
    private record Outcome(boolean succeeded, int firstFailed) {
        static final Outcome SUCCESS = new Outcome(true, 0);
        static final Outcome FAILED = new Outcome(false, -1);
    }

    private Outcome evaluate(InvocationResult result, List<Entry> records) {
        if (result.failed()) {
            return Outcome.FAILED;
        }
        if (!mapping.reportBatchItemFailures()) {
            return Outcome.SUCCESS;
        }
        JsonNode failures = parse(result).map(r -> r.get("batchItemFailures")).orElse(null);
        if (failures == null || failures.isNull() || (failures.isArray() && failures.isEmpty())) {
            return Outcome.SUCCESS;
        }
        if (!failures.isArray()) {
            return Outcome.FAILED;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            index.put(records.get(i).sequenceNumber(), i);
        }
        int first = Integer.MAX_VALUE;
        for (JsonNode failure : failures) {
            String id = failure.path("itemIdentifier").asText("");
            Integer position = index.get(id);
            if (id.isBlank() || position == null) {
                // Lambda treats an identifier it cannot place as a failure of the whole batch.
                LOG.warn("{} {}: batchItemFailures names '{}', not a record of the batch: whole batch failed",
                        mapping.functionName(), shardId, id);
                return Outcome.FAILED;
            }
            first = Math.min(first, position);
        }
        return new Outcome(false, first);
    }

    private static Optional<JsonNode> parse(InvocationResult result) {
        try {
            JsonNode node = Json.parse(result.payload());
            return node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void backoff(int failures) throws InterruptedException {
        long factor = Math.min(MAX_BACKOFF_FACTOR, 1L << Math.min(30, Math.max(0, failures - 1)));
        sleeper.sleep(mapping.retryBackoff().multipliedBy(factor));
    }

    /**
     * Lambda's on-failure record for a stream batch ({@code requestContext}, {@code responseContext},
     * {@code version}, {@code timestamp}, {@code DDBStreamBatchInfo}), plus what only the local stack
     * can add: the records themselves as {@code payload} (as an S3 destination gets them), the
     * {@code functionName}, and the last invocation's {@code error} document ({@code errorType},
     * {@code errorMessage}) when it failed.
     */
    private void sendToDestination(List<Entry> records, String condition, int invocations, InvocationResult last) {
        if (records.isEmpty()) {
            return;
        }
        ObjectNode record = Json.object();
        ObjectNode request = record.putObject("requestContext");
        request.put("requestId", last == null ? java.util.UUID.randomUUID().toString() : last.requestId());
        request.put("functionArn", functionArn);
        request.put("condition", condition);
        request.put("approximateInvokeCount", invocations);
        ObjectNode response = record.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        if (last != null && last.failed()) {
            response.put("functionError", last.functionError());
        }
        record.put("version", "1.0");
        record.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
        ObjectNode info = record.putObject("DDBStreamBatchInfo");
        info.put("shardId", shardId);
        info.put("startSequenceNumber", records.get(0).sequenceNumber());
        info.put("endSequenceNumber", records.get(records.size() - 1).sequenceNumber());
        info.put("approximateArrivalOfFirstRecord", String.valueOf(records.get(0).created()));
        info.put("approximateArrivalOfLastRecord", String.valueOf(records.get(records.size() - 1).created()));
        info.put("batchSize", records.size());
        info.put("streamArn", streamArn);
        record.set("payload", batchEvent(records));
        record.put("functionName", mapping.functionName());
        if (last != null && last.failed()) {
            parse(last).ifPresent(error -> {
                ObjectNode document = record.putObject("error");
                document.put("errorType", error.path("errorType").asText(""));
                document.put("errorMessage", error.path("errorMessage").asText(""));
            });
        }
        onFailure.accept(record);
    }

    /** A record read from the shard. {@code arrival} is when this poller read it (windows are cut by it). */
    private record Entry(String sequenceNumber, ObjectNode json, boolean matched, Instant arrival, Instant created,
            int bytes) {

        static Entry of(String sequenceNumber, ObjectNode json, boolean matched, Instant arrival, Instant created) {
            return new Entry(sequenceNumber, json, matched, arrival, created,
                    Json.string(json).getBytes(StandardCharsets.UTF_8).length);
        }
    }

    private record Attempt(List<Entry> records, int invocations) {
    }

    /** The open tumbling window: its bounds, the state the function returned, how far it got. */
    private final class Window {
        final Instant start;
        final Instant end;
        Map<String, String> state = Map.of();
        int delivered;
        int failures;
        int invocations;
        /** The last failed invocation, whose error the destination's record names. */
        InvocationResult lastFailure;

        Window(Instant start) {
            this.start = start;
            this.end = start.plus(mapping.tumblingWindow());
        }

        boolean contains(Instant arrival) {
            return !arrival.isBefore(start) && arrival.isBefore(end);
        }

        /** The pending records of this window (a prefix of the pending records, filtered-out ones included). */
        List<Entry> records(Deque<Entry> all) {
            List<Entry> records = new ArrayList<>();
            for (Entry e : all) {
                if (!contains(e.arrival())) {
                    break;
                }
                records.add(e);
            }
            return records;
        }
    }

    /** Builder; every part is required. */
    public static final class Builder {
        private EventSourceMapping mapping;
        private String functionArn;
        private String streamArn;
        private String shardId;
        private String region;
        private ShardReader reader;
        private Function<byte[], InvocationResult> function;
        private Predicate<ObjectNode> filter = json -> true;
        private Consumer<String> checkpoint;
        private Consumer<ObjectNode> onFailure;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

        public Builder mapping(EventSourceMapping v) { mapping = v; return this; }
        public Builder functionArn(String v) { functionArn = v; return this; }
        public Builder streamArn(String v) { streamArn = v; return this; }
        public Builder shardId(String v) { shardId = v; return this; }
        public Builder region(String v) { region = v; return this; }
        public Builder reader(ShardReader v) { reader = v; return this; }
        public Builder function(Function<byte[], InvocationResult> v) { function = v; return this; }
        public Builder filter(Predicate<ObjectNode> v) { filter = v; return this; }
        public Builder checkpoint(Consumer<String> v) { checkpoint = v; return this; }
        public Builder onFailure(Consumer<ObjectNode> v) { onFailure = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }
        public Builder sleeper(Sleeper v) { sleeper = v; return this; }

        public ShardConsumer build() {
            java.util.Objects.requireNonNull(mapping, "mapping");
            java.util.Objects.requireNonNull(reader, "reader");
            java.util.Objects.requireNonNull(function, "function");
            java.util.Objects.requireNonNull(checkpoint, "checkpoint");
            java.util.Objects.requireNonNull(onFailure, "onFailure");
            return new ShardConsumer(this);
        }
    }
}
