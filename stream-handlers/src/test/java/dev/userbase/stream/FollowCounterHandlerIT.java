package dev.userbase.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;

import dev.userbase.core.counters.CounterStats;
import dev.userbase.core.counters.FollowCounterService;
import dev.userbase.core.counters.FollowCounterSettings;
import dev.userbase.core.model.CounterCheckpoint;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.PendingFollowCounts;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.core.testing.SeededProfiles;
import dev.userbase.core.testing.StreamTail;
import dev.userbase.stream.CrashInjector.InjectedCrash;
import dev.userbase.stream.CrashInjector.When;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Follow counts from real stream records of DynamoDB Local, fed to the handler as the
 * {@code DynamodbTimeWindowEvent}s Lambda would send (through Lambda's own deserialiser), with
 * redelivered batches and windows and a crash injected at every DynamoDB call of the handler.
 */
class FollowCounterHandlerIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final UsersTableItems items = new UsersTableItems(tables);
    private final CrashInjector crashes = new CrashInjector();
    private DynamoDbClient handlerDynamoDb;

    @BeforeEach
    void faultyClient() {
        handlerDynamoDb = TestClients.dynamoDb(crashes);
    }

    @AfterEach
    void close() {
        handlerDynamoDb.close();
    }

    /** Small transactions and journal parts, so one window takes several parts and chunks: more steps to crash in. */
    private static final FollowCounterSettings SMALL = FollowCounterSettings.defaults()
            .withMaxTransactItems(6).withJournalPartBytes(150).withStateBudgetBytes(150);

    @Test
    void randomFollows_withRedeliveryAndACrashAtEveryStepOfEveryInvocation_countEveryEdgeExactlyOnce() {
        List<String> users = users(8);
        StreamTail tail = tables.streamTail();
        tail.poll();
        Set<List<String>> edges = writeRandomFollows(users, List.of("ghost"), 60, new Random(42));
        CounterStats stats = new CounterStats();

        Scenario scenario = Scenario.of(tail.poll(), new Random(7));
        int crashed = runScenario(scenario, "shard-1", stats, SMALL, Crashes.EVERY_STEP);

        assertCounts(users, edges);
        assertThat(stats.parkedDeltas()).isPositive();
        // every invocation crashed at least at its first call, before and after; final ones at every call
        assertThat(crashed).as("injected crashes").isGreaterThan(2 * scenario.steps().size());
    }

    @Test
    void manyUsers_withRandomCrashesAndRedeliveries_countEveryEdgeExactlyOnce() {
        List<String> users = users(40);
        StreamTail tail = tables.streamTail();
        tail.poll();
        Set<List<String>> edges = new HashSet<>();
        for (long seed = 1; seed <= 2; seed++) {
            edges = writeRandomFollows(users, List.of(), 150, new Random(seed), edges);
            int crashed = runScenario(Scenario.of(tail.poll(), new Random(seed)), "shard-" + seed, new CounterStats(),
                    FollowCounterSettings.defaults().withMaxTransactItems(12).withJournalPartBytes(400).withStateBudgetBytes(700),
                    Crashes.RANDOM);
            assertCounts(users, edges);
            assertThat(crashed).isPositive();
        }
    }

    @Test
    void unfollowWhoseFollowWasNeverCounted_clampsAtZero() {
        List<String> users = users(2);
        items.put(new FollowEdge(users.get(0), users.get(1), T0).toItem());
        StreamTail tail = tables.streamTail();
        tail.poll(); // the follow happened before counting began
        tables.dynamoDb().deleteItem(DeleteItemRequest.builder().tableName(tables.usersTable())
                .key(FollowEdge.key(users.get(0), users.get(1))).build());
        CounterStats stats = new CounterStats();
        FollowCounterHandler handler = handler(stats, FollowCounterSettings.defaults());
        invoke(handler, tail.poll(), "shard-1", Map.of(), true);

        assertThat(profile(users.get(0)).followingCount()).isZero();
        assertThat(profile(users.get(1)).followerCount()).isZero();
        assertThat(stats.clampedCounts()).isEqualTo(2);
        // a clamp is a counter write too
        assertThat(items.get(UserProfile.key(users.get(0))).get(UserProfile.COUNT_WRITES).n()).isEqualTo("1");
        assertThat(items.get(UserProfile.key(users.get(1))).get(UserProfile.COUNT_WRITES).n()).isEqualTo("1");
    }

    @Test
    void counterWrites_changeNeitherVersionNorUpdatedAtNorStamp_andAreCounted() {
        List<String> users = users(2);
        Map<String, AttributeValue> before = items.get(UserProfile.key(users.get(1)));
        items.put(new FollowEdge(users.get(0), users.get(1), T0).toItem());
        invoke(handler(new CounterStats(), FollowCounterSettings.defaults()),
                tables.streamTail().poll(), "shard-1", Map.of(), true);

        Map<String, AttributeValue> after = items.get(UserProfile.key(users.get(1)));
        assertThat(after.get("followerCount").n()).isEqualTo("1");
        // the counter write is counted (the reconcile job's evidence), and nothing else changes
        assertThat(before).doesNotContainKey(UserProfile.COUNT_WRITES);
        assertThat(after.get(UserProfile.COUNT_WRITES).n()).isEqualTo("1");
        Map<String, AttributeValue> unchanged = new HashMap<>(after);
        unchanged.put("followerCount", before.get("followerCount"));
        unchanged.remove(UserProfile.COUNT_WRITES);
        assertThat(unchanged).isEqualTo(before);
    }

    @Test
    void aggregation_writesOncePerUserPerWindow() {
        List<String> users = users(11);
        StreamTail tail = tables.streamTail();
        tail.poll();
        for (int i = 1; i <= 10; i++) {
            items.put(new FollowEdge(users.get(i), users.get(0), T0).toItem()); // ten followers of one popular user
        }
        CounterStats stats = new CounterStats();
        FollowCounterHandler handler = handler(stats, FollowCounterSettings.defaults());
        List<Record> records = tail.poll();
        Map<String, String> state = invoke(handler, records.subList(0, 5), "shard-1", Map.of(), false);
        state = invoke(handler, records.subList(5, 10), "shard-1", state, false);
        invoke(handler, List.of(), "shard-1", state, true);

        assertThat(profile(users.get(0)).followerCount()).isEqualTo(10);
        assertThat(stats.counterWrites()).isEqualTo(11); // the popular user once, each follower once
        assertThat(stats.transactions()).isEqualTo(2); // the journal, then one chunk of counters
    }

    @Test
    void profileMissing_parksTheCountInsteadOfCreatingAProfile() {
        List<String> users = users(1);
        items.put(new FollowEdge(users.get(0), "nobody", T0).toItem());
        invoke(handler(new CounterStats(), FollowCounterSettings.defaults()),
                tables.streamTail().poll(), "shard-1", Map.of(), true);

        assertThat(items.get(UserProfile.key("nobody"))).isEmpty();
        assertThat(PendingFollowCounts.fromItem(items.get(PendingFollowCounts.key("nobody"))).followers()).isEqualTo(1);
        assertThat(profile(users.get(0)).followingCount()).isEqualTo(1);
    }

    @Test
    void handler_withoutTumblingWindow_refusesRatherThanNeverCounting() {
        FollowCounterHandler handler = handler(new CounterStats(), FollowCounterSettings.defaults());
        var event = LambdaEvents.dynamodbEvent(List.of(), tables.usersStreamArn());
        var windowEvent = new com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent();
        windowEvent.setRecords(event.getRecords());
        assertThatThrownBy(() -> handler.handleRequest(windowEvent, null)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- the simulated event source mapping -------------------------------------------------------

    /**
     * How Lambda delivers one shard's records: windows of batches, with injected redeliveries.
     * Each step is an invocation: records, whether it is the window's final one, and whether Lambda
     * passes the state from before the previous invocation (its response was lost) or restarts the
     * window from scratch (poller restart).
     */
    private record Step(List<Record> records, boolean finalInvoke, Redelivery redelivery) {
    }

    private enum Redelivery { NONE, LOST_RESPONSE, REPLAY_SUFFIX, REPLAY_WINDOW }

    private record Scenario(List<Step> steps) {

        static Scenario of(List<Record> records, Random random) {
            List<Step> steps = new ArrayList<>();
            int i = 0;
            while (i < records.size()) {
                int windowEnd = Math.min(records.size(), i + 5 + random.nextInt(30));
                int windowStart = i;
                while (i < windowEnd) {
                    int batchEnd = Math.min(windowEnd, i + 1 + random.nextInt(8));
                    List<Record> batch = records.subList(i, batchEnd);
                    steps.add(new Step(batch, false, Redelivery.NONE));
                    int dice = random.nextInt(10);
                    if (dice == 0) {
                        steps.add(new Step(batch, false, Redelivery.LOST_RESPONSE));
                    } else if (dice == 1) {
                        int from = i + random.nextInt(batchEnd - i);
                        steps.add(new Step(records.subList(from, batchEnd), false, Redelivery.REPLAY_SUFFIX));
                    } else if (dice == 2 && batchEnd - i > 1) {
                        // the batch failed after doing its work: bisected, the first half with the state
                        // from before the batch, then the second half (BisectBatchOnFunctionError)
                        int half = i + (batchEnd - i) / 2;
                        steps.add(new Step(records.subList(i, half), false, Redelivery.LOST_RESPONSE));
                        steps.add(new Step(records.subList(half, batchEnd), false, Redelivery.NONE));
                    }
                    i = batchEnd;
                }
                steps.add(new Step(List.of(), true, Redelivery.NONE));
                if (random.nextInt(4) == 0) {
                    // the whole window again from a fresh state, as after a poller restart
                    steps.add(new Step(records.subList(windowStart, windowEnd), true, Redelivery.REPLAY_WINDOW));
                }
            }
            return new Scenario(steps);
        }
    }

    private enum Crashes { EVERY_STEP, RANDOM }

    /**
     * Runs a scenario; every crashed invocation is retried with the same input, as Lambda does.
     * EVERY_STEP: each invocation's n-th attempt crashes at its n-th DynamoDB call (before sending
     * on odd attempts, after it was applied on even ones, each call position both ways), until an
     * attempt gets through; RANDOM: about one call in twelve crashes.
     *
     * @return the number of crashes injected
     */
    private int runScenario(Scenario scenario, String shardId, CounterStats stats, FollowCounterSettings settings,
            Crashes crashMode) {
        FollowCounterHandler handler = handler(stats, settings);
        Random dice = new Random(shardId.hashCode());
        int[] crashed = {0};
        Map<String, String> state = Map.of();
        Map<String, String> previousState = Map.of();
        for (Step step : scenario.steps()) {
            Map<String, String> input = switch (step.redelivery()) {
                case LOST_RESPONSE -> previousState;
                case REPLAY_WINDOW -> Map.of();
                default -> state;
            };
            Map<String, String> output = null;
            for (int attempt = 1; output == null; attempt++) {
                int crashCall = (attempt + 1) / 2;
                When when = attempt % 2 == 1 ? When.BEFORE_SEND : When.AFTER_APPLY;
                crashes.arm(crashMode == Crashes.EVERY_STEP
                        ? call -> call == crashCall ? when : null
                        : call -> dice.nextInt(12) == 0 ? (dice.nextBoolean() ? When.BEFORE_SEND : When.AFTER_APPLY) : null);
                try {
                    output = invoke(handler, step.records(), shardId, input, step.finalInvoke());
                } catch (InjectedCrash crash) {
                    crashed[0]++;
                    assertThat(attempt).as("attempts of one invocation").isLessThan(500);
                }
            }
            crashes.disarm();
            if (step.redelivery() != Redelivery.REPLAY_WINDOW) {
                previousState = input;
                state = step.finalInvoke() ? Map.of() : output;
            }
        }
        // nothing left half-applied
        CounterCheckpoint checkpoint = CounterCheckpoint.fromItem(shardId, items.get(CounterCheckpoint.key(shardId)));
        assertThat(checkpoint.pendingParts()).isEmpty();
        return crashed[0];
    }

    private Map<String, String> invoke(FollowCounterHandler handler, List<Record> records, String shardId,
            Map<String, String> state, boolean finalInvoke) {
        var event = LambdaEvents.timeWindowEvent(records, tables.usersStreamArn(), shardId, T0, state,
                finalInvoke);
        TimeWindowEventResponse response = handler.handleRequest(event, null);
        assertThat(response.getBatchItemFailures()).isEmpty();
        return response.getState();
    }

    private FollowCounterHandler handler(CounterStats stats, FollowCounterSettings settings) {
        return new FollowCounterHandler(new FollowCounterService(handlerDynamoDb, tables.usersTable(),
                Clock.systemUTC(), settings, stats));
    }

    // ---- table helpers -------------------------------------------------------------------------

    private List<String> users(int n) {
        return SeededProfiles.seed(tables, n, T0);
    }

    /** Random follows and unfollows through conditional writes, as the API makes them; returns the edges left. */
    private Set<List<String>> writeRandomFollows(List<String> users, List<String> ghosts, int operations, Random random) {
        return writeRandomFollows(users, ghosts, operations, random, new HashSet<>());
    }

    private Set<List<String>> writeRandomFollows(List<String> users, List<String> ghosts, int operations, Random random,
            Set<List<String>> existing) {
        List<String> everyone = new ArrayList<>(users);
        everyone.addAll(ghosts);
        Set<List<String>> edges = new HashSet<>(existing);
        for (int i = 0; i < operations; i++) {
            String follower = everyone.get(random.nextInt(everyone.size()));
            // a skewed choice of followee: low indexes are popular
            String followee = everyone.get((int) Math.floor(Math.pow(random.nextDouble(), 2.5) * everyone.size()));
            if (follower.equals(followee)) {
                continue;
            }
            List<String> edge = List.of(follower, followee);
            try {
                if (edges.contains(edge) && random.nextInt(3) > 0) {
                    tables.dynamoDb().deleteItem(DeleteItemRequest.builder().tableName(tables.usersTable())
                            .key(FollowEdge.key(follower, followee)).conditionExpression("attribute_exists(pk)").build());
                    edges.remove(edge);
                } else {
                    tables.dynamoDb().putItem(PutItemRequest.builder().tableName(tables.usersTable())
                            .item(new FollowEdge(follower, followee, T0).toItem())
                            .conditionExpression("attribute_not_exists(pk)").build());
                    edges.add(edge);
                }
            } catch (ConditionalCheckFailedException e) {
                // following twice is a no-op, as in the API
            }
        }
        return edges;
    }

    private void assertCounts(List<String> users, Set<List<String>> edges) {
        FollowCounts counts = FollowCounts.of(edges);
        for (String user : users) {
            UserProfile profile = profile(user);
            assertThat(profile.followerCount()).as("followers of %s", user).isEqualTo(counts.followersOf(user));
            assertThat(profile.followingCount()).as("following of %s", user).isEqualTo(counts.followingOf(user));
            assertThat(profile.version()).isEqualTo(1);
        }
        // users without a profile: their counts are parked, not lost
        Set<String> ghosts = new HashSet<>(counts.followers().keySet());
        ghosts.addAll(counts.following().keySet());
        ghosts.removeAll(users);
        for (String ghost : ghosts) {
            PendingFollowCounts parked = PendingFollowCounts.fromItem(items.get(PendingFollowCounts.key(ghost)));
            assertThat(parked.followers()).isEqualTo(counts.followersOf(ghost));
            assertThat(parked.following()).isEqualTo(counts.followingOf(ghost));
        }
        // and the edges the counts claim are the edges in the table
        long stored = tables.dynamoDb().queryPaginator(QueryRequest.builder().tableName(tables.usersTable())
                .indexName("followers").keyConditionExpression("gsi1pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#" + users.get(0)))).build())
                .items().stream().count();
        assertThat(stored).isEqualTo(counts.followersOf(users.get(0)));
    }

    private UserProfile profile(String userId) {
        return UserProfile.fromItem(items.get(UserProfile.key(userId)));
    }
}
