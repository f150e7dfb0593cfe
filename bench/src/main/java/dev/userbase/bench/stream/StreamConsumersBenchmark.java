package dev.userbase.bench.stream;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import dev.userbase.bench.support.BenchMain;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.counters.CounterStats;
import dev.userbase.core.counters.FollowCounterService;
import dev.userbase.core.counters.FollowCounterSettings;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.core.streams.ChangeRecord;
import dev.userbase.core.streams.ChangeType;
import dev.userbase.core.streams.LambdaEventJson;
import dev.userbase.core.streams.StreamConsumer;
import dev.userbase.core.table.IdempotencyTable;
import dev.userbase.core.table.UsersTable;
import dev.userbase.dynamodb.sdk.LocalDynamoDb;
import dev.userbase.stream.ChangeStreamHandler;
import dev.userbase.stream.ChangeStreamSettings;
import dev.userbase.stream.FollowCounterHandler;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The stream consumers against the embedded DynamoDB engine, in one JVM, on one run:
 *
 * <ol>
 *   <li><b>Raw write rate</b>: single-threaded PutItem of follow edges (the baseline).</li>
 *   <li><b>Follow counters</b>: those edges' real stream records, in batches of the mapping's size,
 *       through {@link FollowCounterHandler} as Lambda would deliver them (one window).</li>
 *   <li><b>Change stream</b>: mixed changes (follows, unfollows, profile and preference edits)
 *       through {@link ChangeStreamHandler} in batches of 100, publishing to an accepting PutEvents
 *       endpoint; DynamoDB calls counted per table, so the idempotency store's share is known.</li>
 *   <li><b>Counter writes per follow</b>: follows drawn with followees Zipf(1.1) and followers
 *       uniform over 10 000 users (36-character ids, as Cognito subs), through
 *       {@link FollowCounterService} with windows of several sizes.</li>
 * </ol>
 * Prints a Markdown report. Arguments: {@code --edges N --changes N --follows N --windows a,b,c --seed N};
 * run by {@code bench/stream.sh}, see docs/PERFORMANCE.md.
 */
public final class StreamConsumersBenchmark {

    private static final PojoSerializer<DynamodbEvent> STREAM_EVENTS =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, StreamConsumersBenchmark.class.getClassLoader());
    private static final PojoSerializer<DynamodbTimeWindowEvent> WINDOW_EVENTS =
            LambdaEventSerializers.serializerFor(DynamodbTimeWindowEvent.class, StreamConsumersBenchmark.class.getClassLoader());
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final LocalDynamoDb local;
    private final DynamoDbClient dynamoDb;
    private final DynamoDbStreamsClient streams;
    private final LambdaEventJson json;
    private final Random random;
    private int tables;

    private StreamConsumersBenchmark(LocalDynamoDb local, long seed) {
        this.local = local;
        this.dynamoDb = local.client();
        this.streams = local.newStreamsClient();
        this.json = new LambdaEventJson(local.region().id());
        this.random = new Random(seed);
    }

    public static void main(String[] args) {
        BenchMain.run(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int edges = Integer.parseInt(options.getOrDefault("edges", "5000"));
        int changes = Integer.parseInt(options.getOrDefault("changes", "3000"));
        int follows = Integer.parseInt(options.getOrDefault("follows", "100000"));
        List<Integer> windows = new ArrayList<>();
        for (String w : options.getOrDefault("windows", "1000,10000,50000,100000").split(",")) {
            windows.add(Integer.parseInt(w.trim()));
        }
        long seed = Long.parseLong(options.getOrDefault("seed", "1"));
        try (LocalDynamoDb local = LocalDynamoDb.start(); AcceptingEventBridge bus = new AcceptingEventBridge()) {
            StreamConsumersBenchmark benchmark = new StreamConsumersBenchmark(local, seed);
            System.out.println("# Stream consumers on the embedded DynamoDB engine (" + Runtime.getRuntime().availableProcessors()
                    + " CPUs, Java " + System.getProperty("java.version") + ", seed " + seed + ")");
            System.out.println();
            benchmark.throughput(edges, changes, bus);
            benchmark.counterWrites(follows, windows);
        }
    }

    // ---- 1-3: throughput ----------------------------------------------------------------------

    private DynamodbEvent changeEvent(List<Record> records, String streamArn) {
        return STREAM_EVENTS.fromJson(LambdaEventJson.toJson(json.dynamodbEvent(records, streamArn)));
    }

    private void throughput(int edgeCount, int changeCount, AcceptingEventBridge bus) {
        Tables t = newTables();
        List<String> users = userIds(200);
        writeProfiles(t.users, users);
        Tail tail = new Tail(t.streamArn);
        tail.poll();

        // 1. raw write rate: the same PutItem calls the API makes for follows, one after another
        Set<List<String>> edges = new HashSet<>();
        long start = System.nanoTime();
        while (edges.size() < edgeCount) {
            String follower = users.get(random.nextInt(users.size()));
            String followee = users.get(random.nextInt(users.size()));
            if (!follower.equals(followee) && edges.add(List.of(follower, followee))) {
                dynamoDb.putItem(PutItemRequest.builder().tableName(t.users)
                        .item(new FollowEdge(follower, followee, T0).toItem()).build());
            }
        }
        double rawSeconds = seconds(start);
        double rawRate = edgeCount / rawSeconds;
        List<Record> edgeRecords = tail.poll();

        // 2. follow counters: one window, batches of the mapping's size, then the final invocation
        CounterStats counterStats = new CounterStats();
        FollowCounterHandler counter = new FollowCounterHandler(new FollowCounterService(dynamoDb, t.users,
                Clock.systemUTC(), FollowCounterSettings.defaults(), counterStats));
        int batch = StreamConsumer.FOLLOW_COUNTER.batchSize();
        List<DynamodbTimeWindowEvent> events = new ArrayList<>();
        for (int i = 0; i < edgeRecords.size(); i += batch) {
            events.add(windowEvent(edgeRecords.subList(i, Math.min(edgeRecords.size(), i + batch)), t.streamArn, false));
        }
        events.add(windowEvent(List.of(), t.streamArn, true));
        Map<String, String> state = Map.of();
        start = System.nanoTime();
        for (DynamodbTimeWindowEvent event : events) {
            event.setState(state);
            TimeWindowEventResponse response = counter.handleRequest(event, null);
            state = response.getState();
        }
        double counterSeconds = seconds(start);
        double counterRate = edgeRecords.size() / counterSeconds;
        tail.poll(); // the counters' own writes

        // 3. change stream: mixed changes of 200 users
        int preferencesVersion = 0;
        for (int i = 0; i < changeCount; i++) {
            String user = users.get(random.nextInt(users.size()));
            String other = users.get(random.nextInt(users.size()));
            ChangeContext context = new ChangeContext(user, "req-" + i);
            int dice = random.nextInt(100);
            if (dice < 40 && !user.equals(other)) {
                dynamoDb.putItem(PutItemRequest.builder().tableName(t.users)
                        .item(context.stamp(new HashMap<>(new FollowEdge(user, other, T0).toItem()))).build());
            } else if (dice < 60) {
                dynamoDb.deleteItem(DeleteItemRequest.builder().tableName(t.users)
                        .key(FollowEdge.key(user, other)).build());
            } else if (dice < 85) {
                new Table(dynamoDb, t.users).update(UserProfile.key(user), UpdateExpression.create()
                        .set(UserProfile.DISPLAY_NAME, "Name " + i)
                        .set(UserProfile.UPDATED_AT, AttributeValue.fromS(T0.plusMillis(i).toString()))
                        .stamp(context)
                        .add(UserProfile.VERSION, 1), null);
            } else {
                dynamoDb.putItem(PutItemRequest.builder().tableName(t.users).item(context.stamp(new HashMap<>(
                        new UserPreferences(user, "{\"n\":" + i + "}", ++preferencesVersion, T0.plusMillis(i))
                                .toItem()))).build());
            }
        }
        List<Record> changeRecords = tail.poll();
        UsersConfig config = UsersConfig.fromEnvironment(Map.of(
                UsersConfig.REGION, local.region().id(),
                UsersConfig.USERS_TABLE, t.users,
                UsersConfig.IDEMPOTENCY_TABLE, t.idempotency));
        TableCalls calls = new TableCalls();
        DynamoDbClient countedDynamoDb = local.newClient(calls);
        EventBridgeClient eventBridge = EventBridgeClient.builder()
                .endpointOverride(bus.endpoint())
                .region(local.region())
                .credentialsProvider(LocalDynamoDb.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
        ChangeStreamSettings settings = ChangeStreamSettings.defaults();
        ChangeStreamHandler change = new ChangeStreamHandler(ChangeStreamHandler.processor(config, countedDynamoDb,
                eventBridge, () -> null, Clock.systemUTC(), settings), Clock.systemUTC(),
                settings.invocationTimeWithoutContext());
        int changeBatch = StreamConsumer.CHANGE_STREAM.batchSize();
        if (changeRecords.size() < 2) {
            throw new IllegalArgumentException("--changes " + changeCount + " wrote " + changeRecords.size()
                    + " stream records: too few to warm the handler and measure it");
        }
        // the first batch warms the handler's clients (not measured): a full one, or a tenth of a short run
        int warm = Math.max(1, Math.min(changeBatch, changeRecords.size() / 10));
        List<DynamodbEvent> changeEvents = new ArrayList<>();
        changeEvents.add(changeEvent(changeRecords.subList(0, warm), t.streamArn));
        for (int i = warm; i < changeRecords.size(); i += changeBatch) {
            changeEvents.add(changeEvent(changeRecords.subList(i, Math.min(changeRecords.size(), i + changeBatch)),
                    t.streamArn));
        }
        change.handleRequest(changeEvents.get(0), null);
        calls.reset();
        long entriesBefore = bus.entries();
        long busCallsBefore = bus.calls();
        int failures = 0;
        start = System.nanoTime();
        for (DynamodbEvent event : changeEvents.subList(1, changeEvents.size())) {
            StreamsEventResponse response = change.handleRequest(event, null);
            failures += response.getBatchItemFailures().size();
        }
        double changeSeconds = seconds(start);
        int measured = changeRecords.size() - changeEvents.get(0).getRecords().size();
        double changeRate = measured / changeSeconds;
        long published = bus.entries() - entriesBefore;
        long putEventsCalls = bus.calls() - busCallsBefore;
        long idempotencyCalls = calls.calls(t.idempotency);
        long allCalls = calls.calls("*");

        // the same records again, inside the idempotency window: what a redelivery costs
        calls.reset();
        long beforeReplay = bus.entries();
        for (DynamodbEvent event : changeEvents.subList(1, changeEvents.size())) {
            change.handleRequest(event, null);
        }
        long replayIdempotencyCalls = calls.calls(t.idempotency);
        long republished = bus.entries() - beforeReplay;

        System.out.println("## Throughput (one consumer, one shard, single-threaded)");
        System.out.println();
        System.out.println("| what | records | seconds | records/s | ratio to raw writes |");
        System.out.println("|---|---:|---:|---:|---:|");
        row("engine raw writes (PutItem, one after another)", edgeCount, rawSeconds, rawRate, rawRate);
        row("FollowCounterHandler (batches of " + batch + ", one window)", edgeRecords.size(), counterSeconds,
                counterRate, rawRate);
        row("ChangeStreamHandler (batches of " + changeBatch + ")", measured, changeSeconds, changeRate, rawRate);
        System.out.println();
        System.out.printf(Locale.ROOT, "Follow counters: %d counter writes in %d transactions for %d follow records.%n",
                counterStats.counterWrites(), counterStats.transactions(), counterStats.followRecords());
        System.out.printf(Locale.ROOT, "Change stream: %d events published for %d records (%d reported failed) in "
                + "%d PutEvents calls; DynamoDB calls per record: %.2f, of which the idempotency store %.2f "
                + "(%.2f per event published).%n", published, measured, failures, putEventsCalls,
                allCalls / (double) measured, idempotencyCalls / (double) measured,
                idempotencyCalls / (double) Math.max(1, published));
        System.out.printf(Locale.ROOT, "Redelivered inside the idempotency window: %d events published again; "
                + "idempotency calls per record %.2f.%n", republished, replayIdempotencyCalls / (double) measured);
        System.out.println();
    }

    // ---- 4: counter writes per follow under Zipf(1.1) ---------------------------------------------

    private void counterWrites(int follows, List<Integer> windows) {
        Tables t = newTables();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            users.add(UUID.nameUUIDFromBytes(("user-" + i).getBytes()).toString());
        }
        writeProfiles(t.users, users);
        Zipf zipf = new Zipf(users.size(), 1.1, random);

        // one follow sequence for every window size: followee by popularity, follower uniform, no edge twice
        List<String[]> sequence = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        while (sequence.size() < follows) {
            int followee = zipf.next();
            int follower = random.nextInt(users.size());
            if (follower != followee && seen.add((long) follower * users.size() + followee)) {
                sequence.add(new String[] {users.get(follower), users.get(followee)});
            }
        }

        System.out.println("## Counter writes per follow (Zipf(1.1) followees, uniform followers, 10 000 users)");
        System.out.println();
        System.out.println("Follows per window = what one shard's tumbling window holds: follow rate on the shard x "
                + "window length. Up to three windows per size from one sequence of " + follows + " follows, "
                + "batches of 1000.");
        System.out.println();
        System.out.println("| follows per window | windows | distinct followees per window | followee counter writes / follow "
                + "| counter writes / follow (profiles written) | all items written / follow (with journal, checkpoint) "
                + "| transactions | records/s |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        int shard = 0;
        for (int window : windows) {
            CounterStats stats = new CounterStats();
            FollowCounterService service = new FollowCounterService(dynamoDb, t.users, Clock.systemUTC(),
                    FollowCounterSettings.defaults(), stats);
            String shardId = "shard-" + (++shard);
            long sequenceNumber = 0;
            long distinctFollowees = 0;
            int windowCount = 0;
            long start = System.nanoTime();
            int simulated = Math.max(1, Math.min(3, sequence.size() / window)); // enough windows for a stable figure
            for (int from = 0; from + window <= sequence.size() && windowCount < simulated; from += window) {
                List<String[]> inWindow = sequence.subList(from, Math.min(sequence.size(), from + window));
                Set<String> followees = new HashSet<>();
                Map<String, String> state = Map.of();
                for (int b = 0; b < inWindow.size(); b += 1000) {
                    List<ChangeRecord> records = new ArrayList<>();
                    for (String[] follow : inWindow.subList(b, Math.min(inWindow.size(), b + 1000))) {
                        followees.add(follow[1]);
                        records.add(new ChangeRecord("e" + sequenceNumber, ChangeType.INSERT,
                                Long.toString(++sequenceNumber), T0, FollowEdge.key(follow[0], follow[1]),
                                null, null, null, null, "arn"));
                    }
                    boolean last = b + 1000 >= inWindow.size();
                    state = service.process(shardId, records, state, last);
                }
                distinctFollowees += followees.size();
                windowCount++;
            }
            double secondsTaken = seconds(start);
            long n = stats.followRecords();
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %.3f | %.3f | %.3f | %d | %.0f |%n", window, windowCount,
                    distinctFollowees / windowCount, distinctFollowees / (double) n, stats.counterWrites() / (double) n,
                    stats.itemsWritten() / (double) n, stats.transactions(), n / secondsTaken);
            // undo, so the next window size starts from zero counts (counts are not compared here)
        }
        System.out.println();
        System.out.println("One counter write updates both counts of a user (followers and following), so a user "
                + "who followed and was followed in a window costs one write.");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private record Tables(String users, String idempotency, String streamArn) {
    }

    private Tables newTables() {
        tables++;
        String users = "bench-users-" + tables;
        String idempotency = "bench-idempotency-" + tables;
        for (var definition : List.of(Map.entry(UsersTable.DEFINITION, users), Map.entry(IdempotencyTable.DEFINITION, idempotency))) {
            definition.getKey().create(dynamoDb, definition.getValue());
        }
        String arn = dynamoDb.describeTable(DescribeTableRequest.builder().tableName(users).build()).table().latestStreamArn();
        return new Tables(users, idempotency, arn);
    }

    private List<String> userIds(int n) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            users.add(UUID.nameUUIDFromBytes(("bench-" + i).getBytes()).toString());
        }
        return users;
    }

    private void writeProfiles(String table, List<String> users) {
        List<WriteRequest> batch = new ArrayList<>();
        for (String user : users) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(UserProfile.builder().userId(user)
                    .email(user + "@example.com").displayName("User " + user.substring(0, 8)).createdAt(T0).build()
                    .toItem()).build()).build());
            if (batch.size() == 25) {
                flush(table, batch);
            }
        }
        flush(table, batch);
    }

    private void flush(String table, List<WriteRequest> batch) {
        List<WriteRequest> pending = new ArrayList<>(batch);
        batch.clear();
        while (!pending.isEmpty()) {
            var response = dynamoDb.batchWriteItem(BatchWriteItemRequest.builder().requestItems(Map.of(table, pending)).build());
            pending = response.hasUnprocessedItems() ? new ArrayList<>(response.unprocessedItems().getOrDefault(table, List.of()))
                    : List.of();
        }
    }

    private DynamodbTimeWindowEvent windowEvent(List<Record> records, String arn, boolean finalInvoke) {
        return WINDOW_EVENTS.fromJson(LambdaEventJson.toJson(json.timeWindowEvent(records, arn, "shard-bench",
                T0, T0.plusSeconds(120), Map.of(), finalInvoke, false)));
    }

    /** Reads a table's stream (one shard: the engine rolls over only when told to) from its start. */
    private final class Tail {
        private final String arn;
        private String iterator;

        Tail(String arn) {
            this.arn = arn;
        }

        List<Record> poll() {
            if (iterator == null) {
                String shard = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
                iterator = streams.getShardIterator(GetShardIteratorRequest.builder().streamArn(arn).shardId(shard)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON).build()).shardIterator();
            }
            List<Record> records = new ArrayList<>();
            while (true) {
                GetRecordsResponse response = streams.getRecords(GetRecordsRequest.builder().shardIterator(iterator)
                        .limit(1000).build());
                iterator = response.nextShardIterator();
                records.addAll(response.records());
                if (response.records().isEmpty()) {
                    return records;
                }
            }
        }
    }

    private static void row(String what, long records, double seconds, double rate, double raw) {
        System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.0f | %.2f |%n", what, records, seconds, rate, rate / raw);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Counts a client's calls, and those naming a table ({@code TableName}) by table. */
    private static final class TableCalls implements ExecutionInterceptor {
        private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.computeIfAbsent("*", t -> new AtomicLong()).incrementAndGet();
            context.request().getValueForField("TableName", String.class)
                    .ifPresent(table -> calls.computeIfAbsent(table, t -> new AtomicLong()).incrementAndGet());
        }

        /** Calls naming {@code table} ({@code "*"}: every call). */
        long calls(String table) {
            AtomicLong count = calls.get(table);
            return count == null ? 0 : count.get();
        }

        void reset() {
            calls.clear();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    /** Draws ranks 1..n with probability proportional to 1 / rank^s (inverse transform over the cumulative weights). */
    private static final class Zipf {

        private final double[] cumulative;
        private final Random random;

        Zipf(int n, double s, Random random) {
            this.random = random;
            cumulative = new double[n];
            double sum = 0;
            for (int k = 1; k <= n; k++) {
                sum += 1 / Math.pow(k, s);
                cumulative[k - 1] = sum;
            }
            for (int i = 0; i < n; i++) {
                cumulative[i] /= sum;
            }
        }

        /** A rank from 0 (the most popular) to n - 1. */
        int next() {
            int index = Arrays.binarySearch(cumulative, random.nextDouble());
            return index >= 0 ? index : Math.min(-index - 1, cumulative.length - 1);
        }
    }
}
