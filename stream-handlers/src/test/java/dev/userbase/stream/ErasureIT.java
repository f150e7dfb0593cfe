package dev.userbase.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;

import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.counters.CounterStats;
import dev.userbase.core.counters.FollowCounterService;
import dev.userbase.core.counters.FollowCounterSettings;
import dev.userbase.core.model.ActorLink;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.ChangeToken;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.ErasedAccount;
import dev.userbase.core.model.ErasureRequest;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.IdempotencyLink;
import dev.userbase.core.model.Keys;
import dev.userbase.core.model.PendingFollowCounts;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.privacy.ErasureCascade;
import dev.userbase.core.privacy.Pseudonyms;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.AuditTrail;
import dev.userbase.core.store.IdempotencyRecords;
import dev.userbase.core.table.IdempotencyTable;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.core.testing.StreamTail;
import dev.userbase.core.testing.TestDynamoDb;
import dev.userbase.dynamodb.fault.FaultKind;
import dev.userbase.dynamodb.fault.Faults;
import dev.userbase.events.EventContract;
import dev.userbase.stream.CrashInjector.InjectedCrash;
import dev.userbase.stream.CrashInjector.When;
import dev.userbase.testing.MutableClock;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Erasure end to end on the embedded engine: the change stream handler (the cascade, with small
 * rounds) and the follow-counter handler read the real stream records, as Lambda's two event source
 * mappings would, until nothing is left to read. Afterwards no item of either table holds the erased
 * user's id, email or names (the pseudonymised audit trail aside; the idempotency record of the admin
 * {@code POST /users} that created her is deleted through its link), every remaining user's counts
 * equal their edges, the Cognito user is gone, one {@code user.erased} was published and no
 * {@code user.unfollowed} for the erased user's edges. With crashes injected at random calls of the
 * cascade (before a request is sent, or after it was applied), each crashed invocation retried as
 * Lambda does, or with the engine's own faults (a write applied whose answer is lost, throttled
 * reads), the end state is the same.
 */
class ErasureIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Pseudonyms PSEUDONYMS = Pseudonyms.withKey("test-pseudonym-key-0123456789abcdef");
    private static final String EVE = "eve-sub";
    private static final String EVE_NAME = "eve-username";
    private static final String EVE_EMAIL = "eve.person@example.com";
    private static final String OTHER_ADMIN = "admin-sub";
    private static final String EVE_CREATION_RECORD = "testFunction.create#0c9d3e1f5a7b";

    private final UsersTableItems items = new UsersTableItems(tables);
    private final FakeEventBridge bus = new FakeEventBridge();
    private final FakeUserPool pool = new FakeUserPool();
    private final CrashInjector crashes = new CrashInjector();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private final MutableClock clock = MutableClock.ticking();
    private ChangeStreamHandler changeStream;
    private FollowCounterHandler counter;
    private StreamTail tail;
    private final Map<String, Map<String, String>> windowStates = new HashMap<>();
    private int crashed;
    /** Walk a crash through every call of each invocation (see the test that sets it). */
    private boolean walk;

    @BeforeEach
    void handlers() {
        UsersConfig config = tables.config(Map.of(UsersConfig.EVENTBRIDGE_ENDPOINT, bus.endpoint().toString(),
                UsersConfig.USER_POOL_ID, FakeUserPool.POOL_ID));
        DynamoDbClient dynamoDb = TestClients.dynamoDb(crashes);
        EventBridgeClient eventBridge = TestClients.eventBridge(bus.endpoint());
        CognitoIdentityProviderClient cognito = TestClients.cognito(pool.endpoint());
        clients.add(dynamoDb);
        clients.add(eventBridge);
        clients.add(cognito);
        changeStream = new ChangeStreamHandler(ChangeStreamHandler.processor(config, dynamoDb, eventBridge,
                () -> cognito, clock, ChangeStreamHandlerIT.FAST, PSEUDONYMS, 7), clock,
                ChangeStreamHandlerIT.FAST.invocationTimeWithoutContext());
        counter = new FollowCounterHandler(new FollowCounterService(tables.dynamoDb(), tables.usersTable(),
                clock, FollowCounterSettings.defaults(), new CounterStats()));
        tail = tables.streamTail();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        bus.close();
        pool.close();
    }

    @Test
    void eraseNow_deletesEverythingOfTheUser_correctsTheOtherSidesCounts_andPublishesUserErased() {
        List<String> others = countedEveAndFriends();
        assertThat(count(UserProfile.key(EVE), UserProfile.FOLLOWER_COUNT)).isEqualTo(20);
        assertThat(count(UserProfile.key(EVE), UserProfile.FOLLOWING_COUNT)).isEqualTo(9);

        requestErasureNow("eve.next@example.com", "admin-sub");
        pump();

        assertErased(others);
    }

    @Test
    void anAdministratorsChangeReadFromTheStreamAfterTheirErasure_namesTheirPseudonym_andLeavesNoStamp() {
        List<String> others = seedEveAndFriends(6, 3);
        pump();
        // her last change as an administrator: written, but its record not read yet when her erasure runs
        Map<String, AttributeValue> suspended = new HashMap<>(items.get(UserProfile.key("user-02")));
        suspended.put(UserProfile.STATUS, AttributeValue.fromS("SUSPENDED"));
        new ChangeContext(EVE, "req-late").stamp(suspended);
        items.put(suspended);
        List<Record> late = tail.poll();
        requestErasureNow(null, OTHER_ADMIN);
        pump();
        assertThat(items.get(UserProfile.key(EVE))).as("erased before the late record is read").isEmpty();
        assertThat(items.get(UserProfile.key("user-02")).get(ChangeContext.CHANGED_BY).s()).isEqualTo(EVE);

        deliver(late);
        pump();

        assertErased(others);
        assertThat(scan(tables.usersTable())).filteredOn(i -> i.get("pk").s().equals(AuditEntry.partitionKey("user-02")))
                .extracting(AuditEntry::fromItem).filteredOn(e -> e.action().equals("user.status.changed"))
                .extracting(AuditEntry::actor).containsExactly(PSEUDONYMS.of(EVE));
    }

    @Test
    void anAccountCreatedAndErasedInOneBatch_leavesNoEntryUnderItsId_itsCreationIsInThePseudonymsTrail() {
        createdByAnAdministrator();
        requestErasureNow(null, OTHER_ADMIN); // read with the profile's INSERT: the cascade finishes in that batch
        pump();

        assertNothingNamesEve();
        assertThat(trailOf(PSEUDONYMS.of(EVE))).extracting(AuditEntry::action)
                .contains("user.created", ErasureCascade.AUDIT_ACTION);
    }

    @Test
    void recordsRedeliveredAfterTheErasureFinished_writeNoEntryUnderTheErasedId() {
        createdByAnAdministrator();
        List<Record> creation = tail.poll();
        deliver(creation);
        requestErasureNow(null, OTHER_ADMIN);
        pump();
        assertNothingNamesEve();

        deliver(creation); // Lambda retries from an earlier record that failed, or after a crash: it comes again
        pump();

        assertNothingNamesEve();
        assertThat(trailOf(PSEUDONYMS.of(EVE))).extracting(AuditEntry::eventId).doesNotHaveDuplicates()
                .hasSize(2); // user.created and user.erased
    }

    @Test
    void theGracePeriodsEnd_aTtlDeletionOfThePendingTombstone_startsTheErasure() {
        List<String> others = countedEveAndFriends();
        setEvesStatus(UserStatus.DELETED); // as DELETE /users/me writes it, with the tombstone
        items.put(new ErasureRequest(EVE, ErasureRequest.State.PENDING, EVE_NAME, EVE_EMAIL, null, T0, EVE,
                T0.plus(Duration.ofDays(30)), 0).toItem());
        pump();
        assertThat(items.get(UserProfile.key(EVE))).as("nothing happens during the grace period").isNotEmpty();

        items.delete(ErasureRequest.key(EVE));
        deliver(TtlDeletions.of(tail.poll()));
        pump();

        assertErased(others);
    }

    @Test
    void theGracePeriodsEnd_ofAnAccountThatIsActiveAgain_erasesNothing() {
        countedEveAndFriends();
        items.put(new ErasureRequest(EVE, ErasureRequest.State.PENDING, EVE_NAME, EVE_EMAIL, null, T0, EVE,
                T0.plus(Duration.ofDays(30)), 0).toItem());
        pump();
        Map<String, AttributeValue> before = items.get(UserProfile.key(EVE));

        items.delete(ErasureRequest.key(EVE));
        deliver(TtlDeletions.of(tail.poll()));
        pump();

        assertThat(items.get(UserProfile.key(EVE))).as("an ACTIVE account is never erased").isEqualTo(before);
        assertThat(items.get(ErasureRequest.key(EVE))).as("no erasure put back").isEmpty();
        assertThat(pool.exists(EVE_NAME)).as("her Cognito user stays").isTrue();
    }

    private void setEvesStatus(UserStatus status) {
        UserProfile eve = UserProfile.fromItem(items.get(UserProfile.key(EVE)));
        items.put(eve.toBuilder().status(status).version(eve.version() + 1).build().toItem());
        pump();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void crashesAtRandomCallsOfTheCascade_retriedAsLambdaDoes_endFullyErasedWithExactCounts(int seed) {
        List<String> others = countedEveAndFriends();
        requestErasureNow(null, "admin-sub");
        Random dice = new Random(seed);
        crashes.arm(call -> dice.nextInt(12) == 0 ? (dice.nextBoolean() ? When.BEFORE_SEND : When.AFTER_APPLY) : null);
        pump();
        crashes.disarm();
        pump();

        assertThat(crashed).as("crashes were injected").isPositive();
        assertErased(others);
    }

    @Test
    void aCrashAtEveryCallOfEveryInvocation_inTurn_beforeItIsSentAndAfterItIsApplied_stillFinishes() {
        List<String> others = countedEveAndFriends(6, 3);
        requestErasureNow(null, "admin-sub");
        walk = true; // each batch: crash at its 1st call, then (on the retry) its 2nd, …, both ways, until one passes
        pump();
        walk = false;
        crashes.disarm();
        pump();

        assertThat(crashed).as("crashes were injected").isGreaterThan(20);
        assertErased(others);
    }

    @Test
    void answersLostByTheEngine_afterItAppliedTheWrite_andThrottledReads_endTheSame() {
        List<String> others = countedEveAndFriends(6, 3);
        requestErasureNow(null, "admin-sub");
        Faults faults = TestDynamoDb.shared().faults();
        try {
            // the write is applied and the answer is a 500: the SDK retries a write that already happened
            faults.failNextAfterApplying("DeleteItem", 8, FaultKind.INTERNAL_SERVER_ERROR);
            faults.failNextAfterApplying("UpdateItem", 4, FaultKind.INTERNAL_SERVER_ERROR);
            faults.failNextAfterApplying("PutItem", 2, FaultKind.INTERNAL_SERVER_ERROR);
            faults.failNext("Query", 3, FaultKind.THROTTLING);
            pump();
        } finally {
            faults.clear();
        }
        pump();

        assertErased(others);
    }

    // ---- the scenario ------------------------------------------------------------------------------

    /** Eve: profile, preferences, a pending email change, reservations, audit; her followers and follows. */
    private List<String> seedEveAndFriends(int followers, int follows) {
        pool.user(EVE_NAME, "CONFIRMED");
        ChangeContext eve = new ChangeContext(EVE, "req-eve");
        items.put(eve.stamp(new HashMap<>(UserProfile.builder().userId(EVE).email(EVE_EMAIL).givenName("Evelyn")
                .familyName("Personne").displayName("Evelyn P").pendingEmail("eve.next@example.com").createdAt(T0)
                .build().toItem())));
        items.put(new UserPreferences(EVE, "{\"nickname\":\"Evelyn\"}", 1, T0).toItem());
        items.put(new ChangeToken(EVE, ChangeToken.Kind.EMAIL_CHANGE, ChangeToken.hash("t"), "eve.next@example.com", T0,
                T0.plus(Duration.ofHours(1))).toItem());
        items.put(new EmailReservation(EVE_EMAIL, EmailReservation.State.CONFIRMED, EmailReservation.Purpose.SIGN_UP,
                EVE_NAME, EVE, T0, null, T0).toItem());
        items.put(new EmailReservation("eve.next@example.com", EmailReservation.State.PENDING,
                EmailReservation.Purpose.EMAIL_CHANGE, null, EVE, T0, T0.plus(Duration.ofHours(1)), null).toItem());
        // she was created by an admin's POST /users: its idempotency record names her, linked from her partition
        Instant recordExpires = T0.plus(Duration.ofHours(24));
        new IdempotencyRecords(tables.users(),
                new Table(tables.dynamoDb(), tables.idempotencyTable()))
                .link(new IdempotencyLink(EVE, EVE_CREATION_RECORD, recordExpires));
        tables.dynamoDb().putItem(PutItemRequest.builder().tableName(tables.idempotencyTable()).item(Map.of(
                IdempotencyTable.PK, AttributeValue.fromS(EVE_CREATION_RECORD),
                "status", AttributeValue.fromS("COMPLETED"),
                "data", AttributeValue.fromS("{\"userId\":\"" + EVE + "\"}"),
                IdempotencyTable.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(recordExpires.getEpochSecond()))))
                .build());
        items.put(new AuditEntry(EVE, T0, "e-created", "user.created", "system:post-confirmation", List.of(), null).toItem());
        items.put(new AuditEntry(EVE, T0.plusSeconds(5), "e-updated", "user.profile.updated", EVE, List.of("displayName"),
                null).toItem());
        List<String> others = new ArrayList<>();
        for (int i = 0; i < Math.max(followers, 2 * follows); i++) {
            String other = String.format("user-%02d", i);
            others.add(other);
            Map<String, AttributeValue> profile = UserProfile.builder().userId(other).email(other + "@example.com")
                    .createdAt(T0).build().toItem();
            // every other one was created by Eve, an administrator (POST /users): her stamp, her actor in user.created
            items.put(i % 2 == 1 ? eve.stamp(new HashMap<>(profile)) : profile);
            if (i == 1) {
                items.put(eve.stamp(new HashMap<>(new EmailReservation(other + "@example.com", EmailReservation.State.CONFIRMED,
                        EmailReservation.Purpose.SIGN_UP, other, other, T0, null, T0).toItem())));
            }
        }
        // Eve is an administrator too: she suspended every other one of the others (entries in their trails, linked
        // from her ACTED# partition), and another administrator once suspended her
        AuditTrail trail = new AuditTrail(tables.users());
        for (int i = 1; i < others.size(); i += 2) {
            trail.record(new AuditEntry(others.get(i), T0.plusSeconds(i), "e-suspended-" + i, "user.status.changed",
                    EVE, List.of("status"), "suspended"));
        }
        trail.record(new AuditEntry(EVE, T0.plusSeconds(7), "e-eve-suspended", "user.status.changed", OTHER_ADMIN,
                List.of("status"), "suspended"));
        for (int i = 0; i < followers; i++) {
            items.put(new ChangeContext(others.get(i), "f").stamp(new HashMap<>(new FollowEdge(others.get(i), EVE, T0).toItem())));
        }
        for (int i = 0; i < follows; i++) {
            items.put(eve.stamp(new HashMap<>(new FollowEdge(EVE, others.get(i * 2), T0).toItem())));
            // edges between the others too, which must not be touched
            items.put(new FollowEdge(others.get(i * 2 + 1), others.get(i * 2), T0).toItem());
        }
        return others;
    }

    /** Eve as an administrator's {@code POST /users} leaves her: a profile and a reservation, stamped by the admin. */
    private void createdByAnAdministrator() {
        pool.user(EVE_NAME, "CONFIRMED");
        ChangeContext admin = new ChangeContext(OTHER_ADMIN, "req-create");
        items.put(admin.stamp(new HashMap<>(UserProfile.builder().userId(EVE).email(EVE_EMAIL).givenName("Evelyn")
                .familyName("Personne").displayName("Evelyn P").createdAt(T0).build().toItem())));
        items.put(admin.stamp(new HashMap<>(new EmailReservation(EVE_EMAIL, EmailReservation.State.CONFIRMED,
                EmailReservation.Purpose.SIGN_UP, EVE_NAME, EVE, T0, null, T0).toItem())));
    }

    private void assertNothingNamesEve() {
        for (String table : List.of(tables.usersTable(), tables.idempotencyTable())) {
            for (Map<String, AttributeValue> item : scan(table)) {
                String text = item.toString();
                assertThat(text).as("item %s", text).doesNotContain(EVE).doesNotContain("eve.person")
                        .doesNotContain("Evelyn").doesNotContain("Personne").doesNotContain(EVE_NAME);
            }
        }
    }

    private List<AuditEntry> trailOf(String subject) {
        return scan(tables.usersTable()).stream().filter(item -> AuditEntry.partitionKey(subject).equals(item.get("pk").s()))
                .map(AuditEntry::fromItem).toList();
    }

    /** Eve with 20 followers, following 9, every record so far delivered, then her counts parked. */
    private List<String> countedEveAndFriends() {
        return countedEveAndFriends(20, 9);
    }

    private List<String> countedEveAndFriends(int followers, int follows) {
        List<String> others = seedEveAndFriends(followers, follows);
        pump();
        parkCounts();
        return others;
    }

    /** Eve's erasure as an administrator's erase-now writes it ({@code nextEmail} her pending address, if any). */
    private void requestErasureNow(String nextEmail, String admin) {
        items.put(new ErasureRequest(EVE, ErasureRequest.State.ERASING, EVE_NAME, EVE_EMAIL, nextEmail,
                T0.plusSeconds(100), admin, null, 0).toItem());
    }

    /**
     * A parked-counts item of Eve's (as a count written while her profile was missing would leave,
     * had the merge not run yet): written after her profile's INSERT was processed, so it stays.
     */
    private void parkCounts() {
        Map<String, AttributeValue> parked = new HashMap<>(PendingFollowCounts.key(EVE));
        parked.put(PendingFollowCounts.USER_ID, AttributeValue.fromS(EVE));
        parked.put(PendingFollowCounts.FOLLOWERS, AttributeValue.fromN("0"));
        parked.put(PendingFollowCounts.FOLLOWING, AttributeValue.fromN("0"));
        parked.put(PendingFollowCounts.REVISION, AttributeValue.fromN("1"));
        items.put(parked);
    }

    private void assertErased(List<String> others) {
        String pseudonym = PSEUDONYMS.of(EVE);
        List<Map<String, AttributeValue>> users = scan(tables.usersTable());
        List<Map<String, AttributeValue>> idempotency = scan(tables.idempotencyTable());
        assertThat(idempotency).as("the publication ledger's records are there, the creation's is not").isNotEmpty()
                .noneMatch(item -> item.get(IdempotencyTable.PK).s().equals(EVE_CREATION_RECORD));
        for (List<Map<String, AttributeValue>> items : List.of(users, idempotency)) {
            for (Map<String, AttributeValue> item : items) {
                String text = item.toString();
                assertThat(text).as("item %s", text).doesNotContain(EVE).doesNotContain("eve.person")
                        .doesNotContain("eve.next").doesNotContain("Evelyn").doesNotContain("Personne")
                        .doesNotContain(EVE_NAME);
            }
        }
        // the audit trail is kept under the pseudonym, with the erasure recorded
        List<AuditEntry> trail = users.stream()
                .filter(item -> AuditEntry.partitionKey(pseudonym).equals(item.get("pk").s()))
                .map(AuditEntry::fromItem).toList();
        assertThat(trail).extracting(AuditEntry::eventId).contains("e-created", "e-updated");
        assertThat(trail).extracting(AuditEntry::action).contains(ErasureCascade.AUDIT_ACTION);
        assertThat(trail).filteredOn(e -> e.eventId().equals("e-updated")).extracting(AuditEntry::actor)
                .containsExactly(pseudonym);
        // what she did as an administrator names her pseudonym; what another did to her is still theirs, linked anew
        for (int i = 1; i < others.size(); i += 2) {
            String createdByEve = AuditEntry.partitionKey(others.get(i));
            assertThat(users).filteredOn(item -> createdByEve.equals(item.get("pk").s()))
                    .extracting(AuditEntry::fromItem).extracting(AuditEntry::actor).as("user.created and the suspension")
                    .hasSize(2).containsOnly(pseudonym);
        }
        assertThat(trail).filteredOn(e -> e.eventId().equals("e-eve-suspended")).extracting(AuditEntry::actor)
                .containsExactly(OTHER_ADMIN);
        assertThat(users).filteredOn(item -> ActorLink.partitionKey(OTHER_ADMIN).equals(item.get("pk").s()))
                .extracting(ActorLink::fromItem).extracting(link -> link.entryKey().get("pk").s())
                .as("her suspension, and the erasure if the other administrator asked for it")
                .hasSize(trail.stream().anyMatch(e -> e.action().equals(ErasureCascade.AUDIT_ACTION)
                        && OTHER_ADMIN.equals(e.actor())) ? 2 : 1)
                .containsOnly(AuditEntry.partitionKey(pseudonym));
        assertThat(users).noneMatch(item -> item.get("pk").s().startsWith(Keys.ACTED_PREFIX + EVE));
        // a token that outlives the erasure provisions nothing: the erasure is marked for a day, by a hash
        assertThat(items.get(ErasedAccount.key(EVE))).isNotEmpty();
        // every count equals its edges, and nothing was parked for anyone
        for (String other : others) {
            assertThat(count(UserProfile.key(other), UserProfile.FOLLOWER_COUNT)).as(other + " followers")
                    .isEqualTo(edges(other, true));
            assertThat(count(UserProfile.key(other), UserProfile.FOLLOWING_COUNT)).as(other + " following")
                    .isEqualTo(edges(other, false));
            assertThat(items.get(PendingFollowCounts.key(other))).isEmpty();
        }
        assertThat(count(UserProfile.key("user-00"), UserProfile.FOLLOWER_COUNT)).as("one follower left").isEqualTo(1);
        assertThat(count(UserProfile.key("user-01"), UserProfile.FOLLOWING_COUNT)).as("one followee left").isEqualTo(1);
        assertThat(pool.exists(EVE_NAME)).isFalse();
        assertThat(pool.deleted()).contains(EVE_NAME);
        List<FakeEventBridge.Entry> erased = bus.entries().stream()
                .filter(e -> e.detailType().equals("user.erased")).toList();
        assertThat(erased).hasSize(1);
        assertThat(erased.get(0).userId()).isEqualTo(EVE);
        assertThat(EventContract.load().validate("user.erased", erased.get(0).detail())).isEmpty();
        assertThat(bus.entries()).filteredOn(e -> e.detailType().equals("user.unfollowed")).isEmpty();
    }

    // ---- Lambda's two event source mappings ---------------------------------------------------------

    /** Reads the stream and hands every shard's records to both consumers until nothing new appears. */
    private void pump() {
        for (int round = 0; round < 200; round++) {
            Map<String, List<Record>> byShard = tail.pollByShard();
            if (byShard.isEmpty()) {
                return;
            }
            byShard.forEach((shard, records) -> {
                count(shard, records);
                deliver(records);
            });
        }
        throw new AssertionError("the stream never went quiet");
    }

    /** The follow-counter mapping: a tumbling window per batch, final at once. */
    private void count(String shardId, List<Record> records) {
        var event = LambdaEvents.timeWindowEvent(records, tables.usersStreamArn(), shardId, T0,
                windowStates.getOrDefault(shardId, Map.of()), true);
        TimeWindowEventResponse response = counter.handleRequest(event, null);
        assertThat(response.getBatchItemFailures()).isEmpty();
        windowStates.put(shardId, response.getState());
    }

    /** The change stream mapping: a crashed invocation is retried with the same batch, a partial failure from the first failed record. */
    private void deliver(List<Record> records) {
        List<Record> pending = records;
        int call = 1;
        When when = When.BEFORE_SEND;
        for (int attempt = 0; attempt < 3000 && !pending.isEmpty(); attempt++) {
            if (walk) {
                int target = call;
                When how = when;
                crashes.arm(n -> n == target ? how : null);
            }
            StreamsEventResponse response = null;
            try {
                response = changeStream.handleRequest(
                        LambdaEvents.dynamodbEvent(pending, tables.usersStreamArn()), null);
            } catch (InjectedCrash e) {
                crashed++;
            }
            if (response != null && response.getBatchItemFailures().isEmpty()) {
                return;
            }
            if (walk) { // the next attempt crashes one step further
                if (when == When.BEFORE_SEND) {
                    when = When.AFTER_APPLY;
                } else {
                    when = When.BEFORE_SEND;
                    call++;
                }
            }
            if (response != null) {
                String first = response.getBatchItemFailures().get(0).getItemIdentifier();
                int from = 0;
                while (!pending.get(from).dynamodb().sequenceNumber().equals(first)) {
                    from++;
                }
                pending = pending.subList(from, pending.size());
            }
        }
        assertThat(pending).as("records still failing").isEmpty();
    }

    // ---- table helpers ------------------------------------------------------------------------------

    private long edges(String userId, boolean followers) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(tables.usersTable());
        if (followers) {
            query.indexName("followers").keyConditionExpression("gsi1pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.userPk(userId))));
        } else {
            query.keyConditionExpression("pk = :pk AND begins_with(sk, :f)").consistentRead(true)
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.userPk(userId)),
                            ":f", AttributeValue.fromS(Keys.FOLLOWS_PREFIX)));
        }
        return tables.dynamoDb().query(query.build()).count();
    }

    private long count(Map<String, AttributeValue> key, String attribute) {
        AttributeValue value = items.get(key).get(attribute);
        return value == null ? 0 : Long.parseLong(value.n());
    }

    private List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        tables.dynamoDb().scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())
                .items().forEach(items::add);
        return items;
    }
}
