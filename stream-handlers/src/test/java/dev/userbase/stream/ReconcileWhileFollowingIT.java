package dev.userbase.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;

import dev.userbase.core.counters.CounterStats;
import dev.userbase.core.counters.FollowCounterService;
import dev.userbase.core.counters.FollowCounterSettings;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.reconcile.FollowCountReconciler;
import dev.userbase.core.reconcile.ReconcileMetrics;
import dev.userbase.core.reconcile.ReconcileReport;
import dev.userbase.core.reconcile.ReconcileSettings;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.storage.Sleeper;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.core.table.UsersTable;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.core.testing.SeededProfiles;
import dev.userbase.core.testing.StreamTail;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The reconcile job racing the real follow-counter pipeline: the table's stream read as the event
 * source mapping reads it, fed to {@link FollowCounterHandler} in tumbling windows, while follows and
 * unfollows are written and the reconcile runs. Its guarantee (docs/ARCHITECTURE.md, "Reconcile"):
 * with a settle time longer than the pipeline's lag it corrects exactly the drift there is, never a
 * delta the pipeline is still to apply; with a shorter one it can, and the next run repairs that.
 */
class ReconcileWhileFollowingIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    /** The pipeline's tumbling window here; with its polling, its lag stays well under the settle time. */
    private static final Duration WINDOW = Duration.ofMillis(300);
    private static final Duration SETTLE = Duration.ofMillis(1500);

    @Test
    void reconcileAll_whileFollowsAreInFlight_correctsExactlyTheInjectedDrift_andCountsEndEqualToEdges()
            throws Exception {
        List<String> users = users(12);
        StreamTail tail = tables.streamTail();
        tail.poll();
        // drift as doubled records leave it: counts moved without a counter write (upwards only: a
        // count below its edges could be clamped at zero by an unfollow, which changes the drift)
        Map<String, long[]> injected = Map.of(users.get(2), new long[] {3, 0}, users.get(7), new long[] {0, 2},
                users.get(11), new long[] {1, 4});
        injected.forEach((user, d) -> tables.users().update(UserProfile.key(user), UpdateExpression.create()
                .add(UserProfile.FOLLOWER_COUNT, d[0]).add(UserProfile.FOLLOWING_COUNT, d[1]), null));
        long injectedDrift = injected.values().stream().mapToLong(d -> Math.abs(d[0]) + Math.abs(d[1])).sum();

        Pipeline pipeline = new Pipeline(tail);
        CompletableFuture<Void> counting = CompletableFuture.runAsync(pipeline::run);
        AtomicBoolean writing = new AtomicBoolean(true);
        Set<List<String>> edges = new HashSet<>();
        CompletableFuture<Void> follows = CompletableFuture.runAsync(() -> {
            writeFollows(users, edges, new Random(11), Duration.ofSeconds(4));
            writing.set(false);
        });

        FollowCountReconciler reconciler = reconciler(SETTLE);
        List<ReconcileReport> reports = new ArrayList<>();
        while (writing.get()) {
            reports.add(reconciler.reconcileAll(true, () -> Duration.ofMinutes(1)));
        }
        follows.get(30, TimeUnit.SECONDS);
        pipeline.drain();
        counting.get(30, TimeUnit.SECONDS);
        // the pipeline is idle now: a run corrects what drift is left, and a second finds none
        reports.add(reconciler.reconcileAll(true, () -> Duration.ofMinutes(1)));
        ReconcileReport last = reconciler.reconcileAll(true, () -> Duration.ofMinutes(1));

        assertCounts(users, edges);
        assertThat(last.corrected()).isZero();
        assertThat(last.agreed()).isEqualTo(users.size());
        assertThat(reports.stream().mapToLong(ReconcileReport::absoluteDrift).sum())
                .as("exactly the injected drift was corrected: a correction of an in-flight delta would have "
                        + "been undone by the pipeline and corrected again")
                .isEqualTo(injectedDrift);
        assertThat(reports.stream().mapToLong(ReconcileReport::corrected).sum()).isEqualTo(injected.size());
        assertThat(reports.subList(0, reports.size() - 1).stream().mapToLong(r -> r.unsettled() + r.busy()).sum())
                .as("the runs beside the writes saw counts move and left them alone").isPositive();
        assertThat(reports).hasSizeGreaterThan(2);
    }

    @Test
    void reconcileUser_withASettleTimeShorterThanThePipelinesLag_canCorrectAnInFlightFollow_andTheNextRunRepairsIt() {
        List<String> users = users(2);
        StreamTail tail = tables.streamTail();
        tail.poll();
        Pipeline pipeline = new Pipeline(tail);
        tables.users().put(new FollowEdge(users.get(0), users.get(1), T0).toItem());
        pipeline.step(false); // the follow is in the open window: counted, not yet applied

        reconciler(Duration.ZERO).reconcileUser(users.get(1));
        assertThat(followers(users.get(1))).as("the limit: corrected before the pipeline applied it").isEqualTo(1);
        pipeline.step(true);
        assertThat(followers(users.get(1))).as("and the pipeline applied it again").isEqualTo(2);

        ReconcileReport repair = reconciler(SETTLE).reconcileUser(users.get(1));
        assertThat(repair.corrected()).isEqualTo(1);
        assertThat(followers(users.get(1))).isEqualTo(1);
    }

    // ---- the pipeline: the stream, windows per shard, the real handler ---------------------------

    /** Lambda's event source mapping in small: polls the stream, invokes per shard, ends windows. */
    private final class Pipeline {

        private final StreamTail tail;
        private final FollowCounterHandler handler = new FollowCounterHandler(new FollowCounterService(
                tables.dynamoDb(), tables.usersTable(), Clock.systemUTC(), FollowCounterSettings.defaults(),
                new CounterStats()));
        private final Map<String, Map<String, String>> states = new HashMap<>();
        private final Map<String, Long> windowStarts = new HashMap<>();
        private volatile boolean draining;

        Pipeline(StreamTail tail) {
            this.tail = tail;
        }

        void run() {
            while (!draining) {
                step(false);
                pause(Duration.ofMillis(20));
            }
            step(true); // whatever came in meanwhile, and every open window ended
        }

        void drain() {
            draining = true;
        }

        /** One poll: each shard invoked with its new records; a window ends once it is {@link #WINDOW} old, or if {@code endAll}. */
        synchronized void step(boolean endAll) {
            Map<String, List<Record>> batch = tail.pollByShard();
            Set<String> shards = new HashSet<>(batch.keySet());
            shards.addAll(states.keySet());
            long now = System.nanoTime();
            for (String shard : shards) {
                long started = windowStarts.computeIfAbsent(shard, s -> now);
                boolean ends = endAll || Duration.ofNanos(now - started).compareTo(WINDOW) >= 0;
                var event = LambdaEvents.timeWindowEvent(batch.getOrDefault(shard, List.of()),
                        tables.usersStreamArn(), shard, T0, states.getOrDefault(shard, Map.of()), ends);
                TimeWindowEventResponse response = handler.handleRequest(event, null);
                assertThat(response.getBatchItemFailures()).isEmpty();
                if (ends) {
                    states.remove(shard);
                    windowStarts.remove(shard);
                } else {
                    states.put(shard, response.getState());
                }
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private FollowCountReconciler reconciler(Duration settle) {
        return new FollowCountReconciler(tables.users(), ReconcileSettings.defaults().withSettle(settle).withTotalSegments(3)
                .withPageSize(5), Clock.systemUTC(), Sleeper.real(), ReconcileMetrics.none());
    }

    /** Follows and unfollows as the API makes them (conditional writes), a few milliseconds apart, for {@code time}. */
    private void writeFollows(List<String> users, Set<List<String>> edges, Random random, Duration time) {
        long end = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < end) {
            String follower = users.get(random.nextInt(users.size()));
            String followee = users.get(random.nextInt(users.size()));
            if (follower.equals(followee)) {
                continue;
            }
            List<String> edge = List.of(follower, followee);
            try {
                if (edges.contains(edge)) {
                    tables.users().delete(FollowEdge.key(follower, followee), Condition.exists(UsersTable.PK));
                    edges.remove(edge);
                } else {
                    tables.users().put(new FollowEdge(follower, followee, T0).toItem(), Condition.notExists(UsersTable.PK));
                    edges.add(edge);
                }
            } catch (ConditionalCheckFailedException e) {
                throw new AssertionError("only this thread writes edges", e);
            }
            // now and then a quiet spell, so some users' counts hold still for a settle time
            pause(Duration.ofMillis(random.nextInt(10) == 0 ? 600 : 5 + random.nextInt(20)));
        }
    }

    private void assertCounts(List<String> users, Set<List<String>> edges) {
        FollowCounts counts = FollowCounts.of(edges);
        for (String user : users) {
            Map<String, AttributeValue> item = tables.users().get(UserProfile.key(user)).orElseThrow();
            assertThat(Attributes.number(item, UserProfile.FOLLOWER_COUNT, 0)).as("followers of %s", user)
                    .isEqualTo(counts.followersOf(user));
            assertThat(Attributes.number(item, UserProfile.FOLLOWING_COUNT, 0)).as("following of %s", user)
                    .isEqualTo(counts.followingOf(user));
        }
    }

    private long followers(String user) {
        return Attributes.number(tables.users().get(UserProfile.key(user)).orElseThrow(), UserProfile.FOLLOWER_COUNT, 0);
    }

    private List<String> users(int n) {
        return SeededProfiles.seed(tables, n, T0);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
