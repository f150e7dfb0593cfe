package dev.userbase.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.PendingFollowCounts;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.storage.Sleeper;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.core.store.FollowCounts;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.core.testing.SeededProfiles;
import dev.userbase.testing.MutableClock;
import dev.userbase.core.testing.TestDynamoDb;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The reconcile job against the embedded engine: corrupted counts repaired once, users whose counts
 * move left alone, the correction's condition, and a run resumed from its checkpoint after a crash.
 * Time is a {@link MutableClock} that the sleeper moves, so the default settle time of 5 minutes
 * costs nothing.
 */
class FollowCountReconcilerIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final MutableClock clock = MutableClock.at(T0);
    private final List<Duration> sleeps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<ReconcileReport> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<DynamoDbClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(DynamoDbClient::close);
    }

    @Test
    void reconcileAll_correctsEachCorruptedCount_once_andLeavesTheRestAlone() {
        List<String> users = users(30);
        Map<String, long[]> edges = writeRandomEdges(users, 120, new Random(3));
        setCounts(edges); // as the pipeline left them
        corrupt(users.get(4), 3, 0);
        corrupt(users.get(17), 0, -2);
        corrupt(users.get(25), -1, 5);
        // a deleted account's profile is not repaired (its erasure removes its edges)
        put(UserProfile.builder().userId("gone").email("gone@example.com").createdAt(T0).status(UserStatus.DELETED)
                .followerCount(7).build().toItem());

        ReconcileReport first = reconciler(settings()).reconcileAll(false, unlimited());

        assertThat(first).isEqualTo(new ReconcileReport(30, 27, 3, 3 + 2 + 1 + 5, 0, 0, 0, true));
        edges.forEach((user, expected) -> assertThat(counts(user)).as(user).containsExactly(expected[0], expected[1]));
        assertThat(countWrites(users.get(4))).as("the correction is a counter write").isEqualTo(1);
        assertThat(countWrites(users.get(5))).isZero();
        assertThat(counts("gone")).containsExactly(7L, 0L);
        assertThat(sleeps).as("one settle time for all the candidates of a segment, never per user")
                .isNotEmpty().allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(ReconcileSettings.DEFAULT_SETTLE));
        assertThat(published).containsExactly(first);

        ReconcileReport again = reconciler(settings()).reconcileAll(false, unlimited());
        assertThat(again).as("a finished run is answered, not run again").isEqualTo(first);

        ReconcileReport second = reconciler(settings()).reconcileAll(true, unlimited());
        assertThat(second).isEqualTo(new ReconcileReport(30, 30, 0, 0, 0, 0, 0, true));
        assertThat(countWrites(users.get(4))).isEqualTo(1);
    }

    @Test
    void reconcileUser_correctsDrift_afterTheSettleTime() {
        List<String> users = users(3);
        put(new FollowEdge(users.get(0), users.get(1), T0).toItem());
        put(new FollowEdge(users.get(2), users.get(1), T0).toItem());
        put(new FollowEdge(users.get(1), users.get(0), T0).toItem());

        ReconcileReport report = reconciler(settings()).reconcileUser(users.get(1));

        assertThat(report).isEqualTo(new ReconcileReport(1, 0, 1, 3, 0, 0, 0, true));
        assertThat(counts(users.get(1))).containsExactly(2L, 1L);
        assertThat(sleeps).containsExactly(ReconcileSettings.DEFAULT_SETTLE);
        assertThat(reconciler(settings()).reconcileUser(users.get(1)))
                .isEqualTo(new ReconcileReport(1, 1, 0, 0, 0, 0, 0, true));
        assertThat(sleeps).as("counts that agree need no second look").hasSize(1);
        assertThatThrownBy(() -> reconciler(settings()).reconcileUser("nobody")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void reconcileUser_whenACounterWriteLandsDuringTheSettleTime_correctsNothing() {
        List<String> users = users(2);
        put(new FollowEdge(users.get(0), users.get(1), T0).toItem());
        Table table = tables.users();
        // the pipeline applies the follow while the reconcile waits
        Sleeper pipelineCatchesUp = d -> {
            table.update(UserProfile.key(users.get(1)), UpdateExpression.create()
                    .add(UserProfile.FOLLOWER_COUNT, 1).add(UserProfile.COUNT_WRITES, 1), null);
            clock.advance(d);
        };

        ReconcileReport report = new FollowCountReconciler(table, settings(), clock, pipelineCatchesUp,
                ReconcileMetrics.none()).reconcileUser(users.get(1));

        assertThat(report.agreed()).isEqualTo(1);
        assertThat(report.corrected()).isZero();
        assertThat(counts(users.get(1))).containsExactly(1L, 0L);

        // a counter write that moves W but leaves the counts off: unsettled, not corrected
        put(new FollowEdge(users.get(0), "ghost", T0).toItem());
        Sleeper writeWithoutChange = d -> {
            table.update(UserProfile.key(users.get(0)), UpdateExpression.create().add(UserProfile.COUNT_WRITES, 1), null);
            clock.advance(d);
        };
        ReconcileReport moved = new FollowCountReconciler(table, settings(), clock, writeWithoutChange,
                ReconcileMetrics.none()).reconcileUser(users.get(0));
        assertThat(moved.unsettled()).isEqualTo(1);
        assertThat(counts(users.get(0))).containsExactly(0L, 0L);
    }

    @Test
    void reconcileUser_withCountsParkedForTheUser_waitsForTheirFold() {
        List<String> users = users(2);
        put(new FollowEdge(users.get(0), users.get(1), T0).toItem());
        Map<String, AttributeValue> parked = new HashMap<>(PendingFollowCounts.key(users.get(1)));
        parked.put(PendingFollowCounts.USER_ID, Attributes.s(users.get(1)));
        parked.put(PendingFollowCounts.FOLLOWERS, Attributes.n(1));
        put(parked);

        assertThat(reconciler(settings()).reconcileUser(users.get(1)).unsettled()).isEqualTo(1);
        assertThat(counts(users.get(1))).containsExactly(0L, 0L);
    }

    @Test
    void correct_whenACounterWriteWasAppliedSinceTheObservation_isBusy_andWritesNothing() {
        List<String> users = users(1);
        FollowCounts store = new FollowCounts(tables.users());
        assertThat(store.correct(users.get(0), 2, 0, 0)).isEqualTo(FollowCounts.Correction.APPLIED);
        assertThat(store.correct(users.get(0), 5, 5, 0)).as("W is 1 now").isEqualTo(FollowCounts.Correction.BUSY);
        assertThat(counts(users.get(0))).containsExactly(2L, 0L);
        assertThat(store.correct(users.get(0), -2, 1, 1)).isEqualTo(FollowCounts.Correction.APPLIED);
        assertThat(counts(users.get(0))).containsExactly(0L, 1L);
        assertThat(countWrites(users.get(0))).isEqualTo(2);
        assertThat(store.correct("nobody", 1, 0, 0)).isEqualTo(FollowCounts.Correction.NO_PROFILE);
        assertThat(store.read("nobody")).isEmpty();
    }

    @Test
    void reconcileAll_afterACrashMidScan_resumesFromTheCheckpoint_andChecksEveryUserOnce() {
        List<String> users = users(40);
        Map<String, long[]> edges = writeRandomEdges(users, 100, new Random(5));
        setCounts(edges);
        List<String> corrupted = List.of(users.get(1), users.get(12), users.get(23), users.get(38));
        corrupted.forEach(u -> corrupt(u, 2, 1));
        ReconcileSettings settings = settings().withTotalSegments(2).withPageSize(7);

        AtomicInteger scans = new AtomicInteger();
        DynamoDbClient crashing = client(scans, 4);
        assertThatThrownBy(() -> new FollowCountReconciler(new Table(crashing, tables.usersTable()), settings, clock,
                sleeper(), ReconcileMetrics.none()).reconcileAll(false, unlimited()))
                .hasStackTraceContaining("injected crash");
        ReconcileCheckpoint saved = new dev.userbase.core.store.ReconcileCheckpoints(
                tables.users()).find().map(ReconcileCheckpoint::fromItem).orElseThrow();
        assertThat(saved.finished()).isFalse();
        assertThat(saved.counts().checked()).as("progress was kept").isPositive().isLessThan(users.size());

        AtomicInteger resumedScans = new AtomicInteger();
        ReconcileReport resumed = new FollowCountReconciler(new Table(client(resumedScans, Integer.MAX_VALUE),
                tables.usersTable()), settings, clock, sleeper(), ReconcileMetrics.none()).reconcileAll(false, unlimited());

        assertThat(resumed.complete()).isTrue();
        assertThat(resumed.checked()).as("no user checked twice, none missed").isEqualTo(users.size());
        assertThat(resumed.corrected()).isEqualTo(corrupted.size());
        assertThat(resumed.absoluteDrift()).isEqualTo(3L * corrupted.size());
        edges.forEach((user, expected) -> assertThat(counts(user)).as(user).containsExactly(expected[0], expected[1]));
        AtomicInteger fullScans = new AtomicInteger();
        new FollowCountReconciler(new Table(client(fullScans, Integer.MAX_VALUE), tables.usersTable()), settings, clock,
                sleeper(), ReconcileMetrics.none()).reconcileAll(true, unlimited());
        assertThat(resumedScans.get()).as("the resumed run did not start over").isLessThan(fullScans.get());
    }

    @Test
    void reconcileAll_outOfTime_stopsAndTheNextInvocationFinishes() {
        List<String> users = users(12);
        setCounts(writeRandomEdges(users, 30, new Random(9)));
        corrupt(users.get(2), 1, 0);
        ReconcileSettings settings = settings().withTotalSegments(1).withPageSize(5);
        AtomicInteger pages = new AtomicInteger();
        // time for one page, and less than the settle time for the wait
        ReconcileReport first = reconciler(settings).reconcileAll(false,
                () -> pages.getAndIncrement() == 0 ? Duration.ofMinutes(1) : Duration.ZERO);

        assertThat(first.complete()).isFalse();
        assertThat(first.checked()).isLessThan(users.size());
        assertThat(sleeps).as("no wait that would outlast the budget").isEmpty();

        ReconcileReport second = reconciler(settings).reconcileAll(false, unlimited());
        assertThat(second.complete()).isTrue();
        assertThat(second.checked()).isEqualTo(users.size());
        assertThat(second.corrected()).isEqualTo(1);
        assertThat(published.get(1).checked()).as("the metrics count the invocation's share")
                .isEqualTo(users.size() - first.checked());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private ReconcileSettings settings() {
        return ReconcileSettings.defaults().withTotalSegments(3).withPageSize(4);
    }

    private FollowCountReconciler reconciler(ReconcileSettings settings) {
        return new FollowCountReconciler(tables.users(), settings, clock, sleeper(),
                published::add);
    }

    private Sleeper sleeper() {
        return d -> {
            sleeps.add(d);
            clock.advance(d);
        };
    }

    private static java.util.function.Supplier<Duration> unlimited() {
        return () -> Duration.ofDays(1);
    }

    /** A client whose Scan call number {@code crashAt} (and later) fails, counting the scans. */
    private DynamoDbClient client(AtomicInteger scans, int crashAt) {
        DynamoDbClient client = TestDynamoDb.shared().newClient(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof ScanRequest && scans.incrementAndGet() >= crashAt) {
                    throw new IllegalStateException("injected crash at scan " + scans.get());
                }
            }
        });
        clients.add(client);
        return client;
    }

    private List<String> users(int n) {
        return SeededProfiles.seed(tables, n, T0);
    }

    /** Random distinct follow edges; per user {followers, following}. */
    private Map<String, long[]> writeRandomEdges(List<String> users, int edges, Random random) {
        Map<String, long[]> counts = new HashMap<>();
        users.forEach(u -> counts.put(u, new long[2]));
        java.util.Set<String> written = new java.util.HashSet<>();
        while (written.size() < edges) {
            String follower = users.get(random.nextInt(users.size()));
            String followee = users.get(random.nextInt(users.size()));
            if (follower.equals(followee) || !written.add(follower + ">" + followee)) {
                continue;
            }
            put(new FollowEdge(follower, followee, T0).toItem());
            counts.get(followee)[0]++;
            counts.get(follower)[1]++;
        }
        return counts;
    }

    private void setCounts(Map<String, long[]> edges) {
        Table table = tables.users();
        edges.forEach((user, c) -> table.update(UserProfile.key(user), UpdateExpression.create()
                .set(UserProfile.FOLLOWER_COUNT, c[0]).set(UserProfile.FOLLOWING_COUNT, c[1]), null));
    }

    /** Drift as a lost or doubled record leaves it: the counts move, the counter writes do not. */
    private void corrupt(String user, long followers, long following) {
        tables.users().update(UserProfile.key(user), UpdateExpression.create()
                .add(UserProfile.FOLLOWER_COUNT, followers).add(UserProfile.FOLLOWING_COUNT, following), null);
    }

    private List<Long> counts(String user) {
        Map<String, AttributeValue> item = tables.users()
                .get(UserProfile.key(user)).orElseThrow();
        return List.of(Attributes.number(item, UserProfile.FOLLOWER_COUNT, 0),
                Attributes.number(item, UserProfile.FOLLOWING_COUNT, 0));
    }

    private long countWrites(String user) {
        return Attributes.number(tables.users().get(UserProfile.key(user)).orElseThrow(),
                UserProfile.COUNT_WRITES, 0);
    }

    private void put(Map<String, AttributeValue> item) {
        tables.users().put(item);
    }
}
