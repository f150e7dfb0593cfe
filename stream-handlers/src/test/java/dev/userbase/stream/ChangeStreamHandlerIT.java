package dev.userbase.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.counters.CounterStats;
import dev.userbase.core.counters.FollowCounterService;
import dev.userbase.core.counters.FollowCounterSettings;
import dev.userbase.core.events.PublisherSettings;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.PendingFollowCounts;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.streams.ChangeRecord;
import dev.userbase.core.testing.TestDynamoDb;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.core.testing.StreamTail;
import dev.userbase.events.EventContract;
import dev.userbase.testing.MutableClock;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The change stream handler on real DynamoDB Local stream records, delivered as Lambda's event
 * source mapping would (batches, partial batch responses, retries from the first failure), with
 * the real EventBridge client publishing to a fake EventBridge endpoint.
 */
class ChangeStreamHandlerIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();

    static final String BUS = "users-test";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final EventContract CONTRACT = EventContract.load();
    // Quick publisher retries, but an HTTP attempt long enough for a loaded build machine: an attempt
    // that timed out after the fake bus took the entry is retried by the SDK and lands twice (EventBridge
    // is at-least-once too, hence eventId), which would hide what these tests count, the handler's own
    // redeliveries.
    static final ChangeStreamSettings FAST = new ChangeStreamSettings(
            new PublisherSettings(4, Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofSeconds(1),
                    Duration.ofSeconds(2)),
            Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofSeconds(60));

    private final UsersTableItems items = new UsersTableItems(tables);
    private final FakeEventBridge bus = new FakeEventBridge();
    private final MutableClock clock = MutableClock.ticking();
    private ChangeStreamHandler handler;
    private StreamTail tail;

    @BeforeEach
    void handler() {
        handler = handler(tables, bus, clock, Map.of(UsersConfig.EVENT_BUS_NAME, BUS));
        tail = tables.streamTail();
    }

    /**
     * The handler as its Lambda builds it from configuration ({@code settings} added), publishing to
     * {@code bus}, with {@link #FAST} settings.
     */
    static ChangeStreamHandler handler(LocalTables tables, FakeEventBridge bus, Clock clock, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put(UsersConfig.EVENTBRIDGE_ENDPOINT, bus.endpoint().toString());
        return new ChangeStreamHandler(AwsClients.create(tables.config(env), TestDynamoDb.CREDENTIALS), clock, FAST);
    }

    @AfterEach
    void close() {
        bus.close();
    }

    @Test
    void aUsersLife_publishesItsEventsInOrder_conformingToTheContract_andAuditsWhoDidWhat() {
        ChangeContext ann = new ChangeContext("ann", "req-ann");
        ChangeContext admin = new ChangeContext("admin-1", "req-admin");
        createProfile("bob", new ChangeContext("system:post-confirmation", "req-bob"));
        createProfile("ann", new ChangeContext("system:post-confirmation", "req-1"));
        updateProfile("ann", ann, p -> p.displayName("Ann Lee"));
        items.put(ann.stamp(new HashMap<>(new UserPreferences("ann", "{\"theme\":\"dark\"}", 1, writeTime()).toItem())));
        updateProfile("ann", admin, p -> p.roles(Set.of("editor")));
        follow("ann", "bob", ann);
        unfollow("ann", "bob");
        countFollower("ann"); // what the follow counter writes: no event
        updateProfile("ann", admin, p -> p.status(UserStatus.SUSPENDED));

        List<Record> records = tail.poll();
        assertThat(deliver(records, 4, null)).as("invocations: no record failed").isEqualTo((records.size() + 3) / 4);

        Map<String, List<String>> byUser = typesByUser(bus.entries());
        assertThat(byUser.get("ann")).containsExactly("user.created", "user.profile.updated",
                "user.preferences.updated", "user.role.assigned", "user.followed", "user.unfollowed",
                "user.status.changed");
        assertThat(byUser.get("bob")).containsExactly("user.created");
        for (FakeEventBridge.Entry entry : bus.entries()) {
            assertThat(CONTRACT.validate(entry.detailType(), entry.detail())).as(entry.toString()).isEmpty();
            assertThat(entry.source()).isEqualTo(UsersConfig.DEFAULT_EVENT_SOURCE);
            assertThat(entry.busName()).isEqualTo(BUS);
            assertThat(entry.time()).isNotNull();
        }
        assertThat(bus.entries().stream().filter(e -> e.detailType().equals("user.role.assigned")).findFirst()
                .orElseThrow().detail().path("correlationId").asText()).isEqualTo("req-admin");

        List<AuditEntry> audit = items.audit("ann");
        assertThat(audit).extracting(AuditEntry::action).containsExactly("user.created", "user.profile.updated",
                "user.preferences.updated", "user.role.assigned", "user.status.changed");
        assertThat(audit).extracting(AuditEntry::actor).containsExactly("system:post-confirmation", "ann", "ann",
                "admin-1", "admin-1");
        assertThat(audit.get(1).changedFields()).containsExactly("displayName");
        assertThat(audit.toString()).doesNotContain("dark");
        // one idempotency record per published event
        assertThat(tables.dynamoDb().scan(ScanRequest.builder().tableName(tables.idempotencyTable()).build()).count())
                .isEqualTo(bus.entries().size());
    }

    @Test
    void putEventsFaults_everyChangeReachesTheBus_inOrderPerUser_withoutDuplicatesInsideTheWindow() {
        List<String> users = List.of("u1", "u2", "u3", "u4", "u5", "u6");
        users.forEach(u -> createProfile(u, new ChangeContext("system:post-confirmation", "req-" + u)));
        randomChanges(users, 110, new Random(11));
        List<Record> records = tail.poll();
        Map<String, List<String>> expected = ExpectedEvents.of(records, tables.usersStreamArn()).byUser();
        int expectedCount = expected.values().stream().mapToInt(List::size).sum();

        bus.faults(40, 5, 600);
        int invocations = deliver(records, 10, new Random(3));

        List<FakeEventBridge.Entry> published = bus.entries();
        assertThat(published).extracting(FakeEventBridge.Entry::eventId).doesNotHaveDuplicates().hasSize(expectedCount);
        assertThat(FakeEventBridge.eventIdsByUser(published)).isEqualTo(expected);
        for (FakeEventBridge.Fault fault : FakeEventBridge.Fault.values()) {
            assertThat(bus.faultCount(fault)).as("%s faults injected", fault).isPositive();
        }
        assertThat(invocations).isGreaterThan(records.size() / 10);

        // after the idempotency window the same records publish again: the only duplicates there are
        clock.advance(Duration.ofHours(2));
        bus.faults(0, 0, 0);
        deliver(records, 25, null);
        Map<String, Long> copies = bus.entries().stream()
                .collect(Collectors.groupingBy(FakeEventBridge.Entry::eventId, Collectors.counting()));
        assertThat(copies.values()).containsOnly(2L);
        assertThat(copies).hasSize(expectedCount);
    }

    @Test
    void redeliveredBatch_insideTheWindow_publishesNothingTwice() {
        createProfile("ann", new ChangeContext("system:post-confirmation", "req-1"));
        follow("ann", "bob", new ChangeContext("ann", "req-2"));
        List<Record> records = tail.poll();

        deliver(records, 10, null);
        deliver(records, 10, null);
        deliver(records.subList(1, records.size()), 10, null);

        assertThat(bus.entries()).hasSize(2);
    }

    @Test
    void unreadableRecord_failsItselfAndItsUsersLaterRecords_onlyThem() {
        createProfile("ann", new ChangeContext("system:post-confirmation", "req-1"));
        updateProfile("ann", new ChangeContext("ann", "req-2"), p -> p.displayName("Broken"));
        createProfile("bob", new ChangeContext("system:post-confirmation", "req-3"));
        follow("ann", "bob", new ChangeContext("ann", "req-4"));
        List<Record> records = tail.poll();
        ObjectNode event = LambdaEvents.JSON.dynamodbEvent(records, tables.usersStreamArn());
        // an attribute value of no known type: the image cannot be read
        ((ObjectNode) event.path("Records").get(1).path("dynamodb").path("NewImage")).putObject("broken").put("Z", "?");

        StreamsEventResponse response = handler.handleRequest(LambdaEvents.dynamodbEvent(event), null);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(records.get(1).dynamodb().sequenceNumber(), records.get(3).dynamodb().sequenceNumber());
        assertThat(bus.entries()).extracting(e -> e.userId() + " " + e.detailType())
                .containsExactlyInAnyOrder("ann user.created", "bob user.created");
    }

    @Test
    void parkedFollowCounts_areFoldedIntoTheProfileWhenItIsCreated() {
        createProfile("ann", new ChangeContext("system:post-confirmation", "req-1"));
        follow("ann", "late", new ChangeContext("ann", "req-2")); // "late" has no profile yet
        List<Record> records = tail.poll();
        FollowCounterService counters = new FollowCounterService(tables.dynamoDb(), tables.usersTable(),
                Clock.systemUTC(), FollowCounterSettings.defaults(), new CounterStats());
        counters.process("shard-1", records.stream().map(r -> ChangeRecord.fromSdk(r, "arn")).toList(), Map.of(), true);
        assertThat(items.get(PendingFollowCounts.key("late"))).isNotEmpty();
        deliver(records, 10, null);
        tail.poll();

        createProfile("late", new ChangeContext("system:post-confirmation", "req-3"));
        deliver(tail.poll(), 10, null);

        assertThat(UserProfile.fromItem(items.get(UserProfile.key("late"))).followerCount()).isEqualTo(1);
        assertThat(items.get(PendingFollowCounts.key("late"))).isEmpty();
        // the fold is a counts-only change: it publishes nothing
        deliver(tail.poll(), 10, null);
        assertThat(bus.entries()).extracting(FakeEventBridge.Entry::detailType)
                .containsExactly("user.created", "user.followed", "user.created");
    }

    // ---- the simulated event source mapping ------------------------------------------------------

    /**
     * Delivers records in batches as Lambda does: a partial batch response makes the next batch
     * start at the first failed record; {@code redeliveries} (if given) re-sends some batches as if
     * the response had been lost.
     *
     * @return the number of invocations
     */
    int deliver(List<Record> records, int batchSize, Random redeliveries) {
        return deliver(handler, records, batchSize, redeliveries);
    }

    int deliver(ChangeStreamHandler target, List<Record> records, int batchSize, Random redeliveries) {
        ShardDelivery shard = new ShardDelivery(records, batchSize);
        int invocations = 0;
        while (shard.hasNext()) {
            StreamsEventResponse response = invoke(target, shard.batch());
            invocations++;
            if (redeliveries != null && redeliveries.nextInt(4) == 0) {
                response = invoke(target, shard.batch());
                invocations++;
            }
            shard.answered(response);
            assertThat(invocations).as("invocations to get through the stream").isLessThan(2_000);
        }
        return invocations;
    }

    private StreamsEventResponse invoke(ChangeStreamHandler target, List<Record> batch) {
        return target.handleRequest(LambdaEvents.dynamodbEvent(batch, tables.usersStreamArn()), null);
    }

    // ---- expectations ----------------------------------------------------------------------------

    private static Map<String, List<String>> typesByUser(List<FakeEventBridge.Entry> entries) {
        Map<String, List<String>> byUser = new LinkedHashMap<>();
        entries.forEach(e -> byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e.detailType()));
        return byUser;
    }

    // ---- writes, as the API and triggers make them --------------------------------------------

    private void randomChanges(List<String> users, int count, Random random) {
        for (int i = 0; i < count; i++) {
            String user = users.get(random.nextInt(users.size()));
            String other = users.get(random.nextInt(users.size()));
            ChangeContext context = new ChangeContext(user, "req-" + i);
            int version = i;
            switch (random.nextInt(5)) {
                case 0 -> updateProfile(user, context, p -> p.displayName("Name " + version));
                case 1 -> items.put(context.stamp(new HashMap<>(
                        new UserPreferences(user, "{\"n\":" + version + "}", version, writeTime()).toItem())));
                case 2 -> {
                    if (!user.equals(other)) {
                        follow(user, other, context);
                    }
                }
                case 3 -> unfollow(user, other);
                default -> updateProfile(user, new ChangeContext("admin", "req-" + i),
                        p -> p.roles(random.nextBoolean() ? Set.of("editor") : Set.of()));
            }
        }
    }

    void createProfile(String userId, ChangeContext context) {
        items.put(context.stamp(new HashMap<>(UserProfile.builder().userId(userId).email(userId + "@example.com")
                .displayName(userId).createdAt(writeTime()).build().toItem())));
    }

    void updateProfile(String userId, ChangeContext context, UnaryOperator<UserProfile.Builder> change) {
        UserProfile current = UserProfile.fromItem(items.get(UserProfile.key(userId)));
        UserProfile next = change.apply(current.toBuilder()).version(current.version() + 1)
                .updatedAt(writeTime()).build();
        items.put(context.stamp(new HashMap<>(next.toItem())));
    }

    private void countFollower(String userId) {
        tables.dynamoDb().updateItem(UpdateItemRequest.builder().tableName(tables.usersTable())
                .key(UserProfile.key(userId)).updateExpression("ADD followerCount :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))).build());
    }

    void follow(String follower, String followee, ChangeContext context) {
        items.put(context.stamp(new HashMap<>(new FollowEdge(follower, followee, writeTime()).toItem())));
    }

    void unfollow(String follower, String followee) {
        tables.dynamoDb().deleteItem(DeleteItemRequest.builder().tableName(tables.usersTable())
                .key(FollowEdge.key(follower, followee)).build());
    }

    private int writes;

    /** The time a write stamps: later for every write, as on a real clock. */
    Instant writeTime() {
        return T0.plusMillis(++writes);
    }
}
