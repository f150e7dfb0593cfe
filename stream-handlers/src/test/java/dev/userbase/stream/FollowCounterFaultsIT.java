package dev.userbase.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;

import dev.userbase.core.counters.CounterStats;
import dev.userbase.core.counters.FollowCounterService;
import dev.userbase.core.counters.FollowCounterSettings;
import dev.userbase.core.model.CounterCheckpoint;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.testing.EngineFaults;
import dev.userbase.core.testing.FaultCase;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.core.testing.StreamTail;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Follow counts from real stream records while the engine fails the counter's calls: GetItem (the
 * shard's checkpoint, read by every invocation) and TransactWriteItems (the journal, then the
 * counters). An invocation that fails is retried by Lambda with the same records and the same window
 * state; when the window ends, every follower and following count is exact and nothing is left
 * half-applied.
 */
class FollowCounterFaultsIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String SHARD = "shard-1";
    private static final int BATCH_SIZE = 3;
    private static final int LAMBDA_TRIES = 12;
    /** Small transactions, so one window commits in several. */
    private static final FollowCounterSettings SETTINGS = FollowCounterSettings.defaults().withMaxTransactItems(6);

    private final UsersTableItems items = new UsersTableItems(tables);
    @RegisterExtension
    final EngineFaults engine = new EngineFaults();

    static List<FaultCase> faultCases() {
        return FaultCase.matrix("GetItem", "TransactWriteItems");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faultCases")
    void windowUnderFault_retriedAsLambdaDoes_countsEveryEdgeExactlyOnce(FaultCase fault) {
        List<String> users = List.of("a", "b", "c", "d", "e");
        for (String user : users) {
            items.put(UserProfile.builder().userId(user).email(user + "@example.com").createdAt(T0).build().toItem());
        }
        StreamTail tail = tables.streamTail();
        tail.poll();
        List<List<String>> follows = List.of(List.of("a", "b"), List.of("c", "b"), List.of("d", "b"), List.of("b", "a"),
                List.of("e", "a"), List.of("a", "c"), List.of("e", "d"), List.of("d", "e"));
        for (List<String> edge : follows) {
            items.put(new FollowEdge(edge.get(0), edge.get(1), T0).toItem());
        }
        items.delete(FollowEdge.key("c", "b"));
        items.delete(FollowEdge.key("e", "d"));
        Map<String, Long> followers = Map.of("a", 2L, "b", 2L, "c", 1L, "d", 0L, "e", 1L);
        Map<String, Long> following = Map.of("a", 2L, "b", 1L, "c", 0L, "d", 2L, "e", 1L);
        List<Record> records = tail.poll();
        FollowCounterHandler handler = new FollowCounterHandler(new FollowCounterService(engine.client(), tables.usersTable(),
                Clock.systemUTC(), SETTINGS, new CounterStats()));

        engine.arm(fault);
        int failedInvocations = 0;
        Map<String, String> state = Map.of();
        List<List<Record>> invocations = new ArrayList<>();
        for (int i = 0; i < records.size(); i += BATCH_SIZE) {
            invocations.add(records.subList(i, Math.min(records.size(), i + BATCH_SIZE)));
        }
        invocations.add(List.of()); // the window's final invocation
        for (int i = 0; i < invocations.size(); i++) {
            boolean finalInvoke = i == invocations.size() - 1;
            Map<String, String> output = null;
            for (int attempt = 1; output == null; attempt++) {
                assertThat(attempt).as("attempts of one invocation").isLessThanOrEqualTo(LAMBDA_TRIES);
                try {
                    output = invoke(handler, invocations.get(i), state, finalInvoke);
                } catch (RuntimeException e) {
                    // a function error (the SDK's, or the service giving up on conflicts): Lambda
                    // retries the batch with the same state
                    failedInvocations++;
                }
            }
            state = finalInvoke ? Map.of() : output;
        }
        long injected = engine.disarm();

        assertThat(injected).as("faults injected").isPositive();
        if (fault.surfaces() && !(fault.operation().equals("TransactWriteItems") && !fault.sdkRetries())) {
            assertThat(failedInvocations).as("invocations that failed and were retried").isPositive();
        }
        if (!fault.surfaces()) {
            assertThat(failedInvocations).as("the SDK absorbed the fault").isZero();
        }
        for (String user : users) {
            UserProfile profile = UserProfile.fromItem(items.get(UserProfile.key(user)));
            assertThat(profile.followerCount()).as("followers of %s", user).isEqualTo(followers.get(user));
            assertThat(profile.followingCount()).as("following of %s", user).isEqualTo(following.get(user));
        }
        assertThat(CounterCheckpoint.fromItem(SHARD, items.get(CounterCheckpoint.key(SHARD))).pendingParts())
                .as("nothing left half-applied").isEmpty();
    }

    private Map<String, String> invoke(FollowCounterHandler handler, List<Record> records, Map<String, String> state,
            boolean finalInvoke) {
        var event = LambdaEvents.timeWindowEvent(records, tables.usersStreamArn(), SHARD, T0, state, finalInvoke);
        TimeWindowEventResponse response = handler.handleRequest(event, null);
        assertThat(response.getBatchItemFailures()).isEmpty();
        return response.getState() == null ? new HashMap<>() : response.getState();
    }
}
