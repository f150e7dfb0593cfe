package dev.userbase.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.events.PublisherSettings;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.core.testing.StreamTail;
import dev.userbase.stream.CrashInjector.InjectedCrash;
import dev.userbase.stream.CrashInjector.When;
import dev.userbase.testing.MutableClock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The change stream handler dying at random SDK calls (DynamoDB: idempotency store, audit; EventBridge:
 * before a PutEvents is sent, or after EventBridge accepted it), each crashed invocation retried with
 * the same batch as Lambda does: no change is lost, each user's events first reach the bus in order,
 * every audit entry is written, and an event reaches the bus twice only when a crash fell between
 * EventBridge accepting it and the idempotency store recording that.
 */
class ChangeStreamCrashIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    /** Claims of a crashed attempt lapse after half a second, so retries wait briefly. */
    static final ChangeStreamSettings SETTINGS = new ChangeStreamSettings(
            new PublisherSettings(4, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1),
                    Duration.ofMillis(500)),
            Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofHours(1), Duration.ofSeconds(60));

    private final UsersTableItems items = new UsersTableItems(tables);
    private final FakeEventBridge bus = new FakeEventBridge();
    private final CrashInjector dynamoDbCrashes = new CrashInjector();
    private final CrashInjector eventBridgeCrashes = new CrashInjector();
    private final List<AutoCloseable> clients = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        bus.close();
    }

    @Test
    void crashesAtRandomCalls_loseNothing_keepEachUsersOrder_andAuditEverything() {
        List<String> users = List.of("u1", "u2", "u3", "u4");
        StreamTail tail = tables.streamTail();
        Random random = new Random(21);
        int writes = 0;
        for (String user : users) {
            items.put(new ChangeContext("system:post-confirmation", "req-" + user).stamp(new HashMap<>(UserProfile.builder()
                    .userId(user).email(user + "@example.com").createdAt(T0.plusMillis(++writes)).build().toItem())));
        }
        for (int i = 0; i < 60; i++) {
            String user = users.get(random.nextInt(users.size()));
            String other = users.get(random.nextInt(users.size()));
            ChangeContext context = new ChangeContext(user, "req-" + i);
            if (random.nextBoolean()) {
                items.put(context.stamp(new HashMap<>(UserProfile.builder().userId(user).email(user + "@example.com")
                        .displayName("Name " + i).version(i + 2).createdAt(T0).updatedAt(T0.plusMillis(++writes))
                        .build().toItem())));
            } else if (!user.equals(other) && random.nextBoolean()) {
                items.put(context.stamp(new HashMap<>(new FollowEdge(user, other, T0.plusMillis(++writes)).toItem())));
            } else {
                tables.dynamoDb().deleteItem(DeleteItemRequest.builder().tableName(tables.usersTable())
                        .key(FollowEdge.key(user, other)).build());
            }
        }
        List<Record> records = tail.poll();
        ExpectedEvents expected = ExpectedEvents.of(records, tables.usersStreamArn());

        ChangeStreamHandler handler = handler();
        Random dice = new Random(5);
        dynamoDbCrashes.arm(call -> dice.nextInt(10) == 0 ? (dice.nextBoolean() ? When.BEFORE_SEND : When.AFTER_APPLY) : null);
        eventBridgeCrashes.arm(call -> dice.nextInt(6) == 0 ? (dice.nextBoolean() ? When.BEFORE_SEND : When.AFTER_APPLY) : null);
        int crashes = deliver(handler, records, 10);

        List<FakeEventBridge.Entry> entries = bus.entries();
        Map<String, List<String>> firstSeen = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (FakeEventBridge.Entry entry : entries) {
            if (seen.add(entry.eventId())) {
                firstSeen.computeIfAbsent(entry.userId(), u -> new ArrayList<>()).add(entry.eventId());
            }
        }
        assertThat(crashes).as("crashes injected").isGreaterThan(10);
        assertThat(firstSeen).as("every event, each user's in order").isEqualTo(expected.byUser());
        assertThat(items.auditedEventIds(users)).containsAll(expected.audited());
        assertThat(entries.size() - seen.size()).as("events published twice").isLessThanOrEqualTo(crashes * 10);
    }

    /** Delivers batches; a crashed invocation is retried with the same batch, a partial failure from the first failure. */
    private int deliver(ChangeStreamHandler handler, List<Record> records, int batchSize) {
        ShardDelivery shard = new ShardDelivery(records, batchSize);
        int crashes = 0;
        int invocations = 0;
        while (shard.hasNext()) {
            assertThat(++invocations).as("invocations").isLessThan(1_000);
            StreamsEventResponse response;
            try {
                response = handler.handleRequest(LambdaEvents.dynamodbEvent(shard.batch(), tables.usersStreamArn()), null);
            } catch (InjectedCrash crash) {
                crashes++;
                continue;
            }
            shard.answered(response);
        }
        return crashes;
    }

    private ChangeStreamHandler handler() {
        DynamoDbClient dynamoDb = TestClients.dynamoDb(dynamoDbCrashes);
        EventBridgeClient eventBridge = TestClients.eventBridge(bus.endpoint(), c -> c.addExecutionInterceptor(eventBridgeCrashes)
                .apiCallAttemptTimeout(SETTINGS.eventBridgeAttemptTimeout())
                .apiCallTimeout(SETTINGS.eventBridgeCallTimeout()));
        clients.add(dynamoDb);
        clients.add(eventBridge);
        return handler(tables, bus, dynamoDb, eventBridge);
    }

    /**
     * The handler as its Lambda builds it, on these clients (no Cognito), publishing to {@code bus},
     * with {@link #SETTINGS} and a ticking clock.
     */
    static ChangeStreamHandler handler(LocalTables tables, FakeEventBridge bus, DynamoDbClient dynamoDb,
            EventBridgeClient eventBridge) {
        UsersConfig config = tables.config(Map.of(UsersConfig.EVENTBRIDGE_ENDPOINT, bus.endpoint().toString()));
        MutableClock clock = MutableClock.ticking();
        return new ChangeStreamHandler(ChangeStreamHandler.processor(config, dynamoDb, eventBridge, () -> null, clock,
                SETTINGS), clock, SETTINGS.invocationTimeWithoutContext());
    }
}
