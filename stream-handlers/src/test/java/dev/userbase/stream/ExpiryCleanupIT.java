package dev.userbase.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.ChangeToken;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.PoolOrphan;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.core.testing.StreamTail;
import dev.userbase.events.EventContract;
import dev.userbase.testing.MutableClock;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * TTL deletions, in the shape DynamoDB gives them (a REMOVE whose {@code userIdentity} is
 * {@code Service} / {@code dynamodb.amazonaws.com}): the real REMOVE record of DynamoDB Local, with
 * that identity added, through Lambda's deserialiser into the change stream handler, which calls
 * Cognito (a fake pool over HTTP, through the real SDK client) and publishes to a fake EventBridge.
 */
class ExpiryCleanupIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final UsersTableItems items = new UsersTableItems(tables);
    private final FakeEventBridge bus = new FakeEventBridge();
    private final FakeUserPool pool = new FakeUserPool();
    private ChangeStreamHandler handler;
    private StreamTail tail;

    @BeforeEach
    void handler() {
        handler = ChangeStreamHandlerIT.handler(tables, bus, MutableClock.ticking(), Map.of(
                UsersConfig.COGNITO_ENDPOINT, pool.endpoint().toString(),
                UsersConfig.USER_POOL_ID, FakeUserPool.POOL_ID));
        tail = tables.streamTail();
    }

    @AfterEach
    void close() {
        bus.close();
        pool.close();
    }

    @Test
    void expiredEmailChangeToken_releasesThePendingAddress_andPublishesTheExpiry() {
        ChangeToken token = requestEmailChange("ann", "ann.new@example.com");
        deliver(tail.poll());

        items.delete(token.key());
        deliver(expiredByTtl(tail.poll()));

        UserProfile profile = UserProfile.fromItem(items.get(UserProfile.key("ann")));
        assertThat(profile.pendingEmail()).isNull();
        assertThat(profile.email()).isEqualTo("ann@example.com");
        assertThat(items.get(EmailReservation.key("ann.new@example.com"))).isEmpty();

        // the cleanup's own write is a change like any other: its record publishes the expiry
        deliver(tail.poll());
        FakeEventBridge.Entry expired = single("user.email.change.expired");
        assertThat(expired.userId()).isEqualTo("ann");
        assertThat(expired.detail().path("data").path("pendingEmail").asText()).isEqualTo("ann.new@example.com");
        assertThat(EventContract.load().validate(expired.detailType(), expired.detail())).isEmpty();
        assertThat(items.audit("ann")).extracting(AuditEntry::action, AuditEntry::actor)
                .contains(org.assertj.core.groups.Tuple.tuple("user.email.change.expired", ChangeContext.EXPIRY_ACTOR));
    }

    @Test
    void expiredEmailChangeReservation_releasesTheProfileAndDeletesTheTokens() {
        requestEmailChange("ann", "ann.new@example.com");
        deliver(tail.poll());

        items.delete(EmailReservation.key("ann.new@example.com"));
        deliver(expiredByTtl(tail.poll()));

        assertThat(UserProfile.fromItem(items.get(UserProfile.key("ann"))).pendingEmail()).isNull();
        assertThat(tokens("ann")).isEmpty();
        deliver(tail.poll());
        assertThat(single("user.email.change.expired").userId()).isEqualTo("ann");
    }

    @Test
    void tokenDeletedByTheUser_isNotAnExpiry() {
        ChangeToken token = requestEmailChange("ann", "ann.new@example.com");
        deliver(tail.poll());

        items.delete(token.key()); // consumed or withdrawn by a person: no TTL identity
        deliver(tail.poll());

        assertThat(UserProfile.fromItem(items.get(UserProfile.key("ann"))).pendingEmail()).isEqualTo("ann.new@example.com");
        assertThat(items.get(EmailReservation.key("ann.new@example.com"))).isNotEmpty();
        assertThat(bus.entries()).extracting(FakeEventBridge.Entry::detailType)
                .doesNotContain("user.email.change.expired");
    }

    @Test
    void expiredSignUp_ofAnUnconfirmedUser_deletesTheCognitoUser_andPublishesTheExpiry() {
        pool.user("carl", "UNCONFIRMED");
        List<Record> expiry = expiredSignUp("carl@example.com", "carl");
        deliver(expiry);
        deliver(expiry); // redelivered: the user is gone already, the event is not published twice

        assertThat(pool.deleted()).containsExactly("carl");
        FakeEventBridge.Entry expired = single("user.signup.expired");
        assertThat(expired.userId()).isEqualTo("carl");
        assertThat(expired.detail().toString()).doesNotContain("carl@example.com");
        assertThat(EventContract.load().validate(expired.detailType(), expired.detail())).isEmpty();
    }

    @Test
    void expiredSignUp_ofAUserWhoConfirmedMeanwhile_keepsTheUser_andPublishesNothing() {
        pool.user("dora", "CONFIRMED");
        deliver(expiredSignUp("dora@example.com", "dora"));

        assertThat(pool.exists("dora")).isTrue();
        assertThat(bus.entries()).isEmpty();
    }

    @Test
    void expiredSignUp_whenCognitoIsUnreachable_failsTheRecordForRetry() {
        List<Record> expiry = expiredSignUp("eve@example.com", "eve");
        pool.close(); // Cognito cannot be reached

        StreamsEventResponse response = invoke(expiry);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(expiry.get(expiry.size() - 1).dynamodb().sequenceNumber());
        assertThat(bus.entries()).isEmpty();
    }

    @Test
    void expiredPoolOrphan_deletesTheDisabledUserAnAdminCreationLeft_withoutAnEvent() {
        pool.user("olga", "FORCE_CHANGE_PASSWORD", false);
        items.put(new PoolOrphan("sub-olga", "olga", T0).toItem());
        tail.poll();

        items.delete(PoolOrphan.key("sub-olga"));
        List<Record> expiry = expiredByTtl(tail.poll());
        deliver(expiry);
        deliver(expiry); // redelivered: the user is gone already

        assertThat(pool.deleted()).containsExactly("olga");
        assertThat(bus.entries()).isEmpty();
    }

    @Test
    void expiredPoolOrphan_keepsAUserInUseNow() {
        // a retried creation gave Pete a profile (and enabled him); Quinn was enabled again; Rita signed in;
        // the user named "sam" is another one now (another sub)
        pool.user("pete", "FORCE_CHANGE_PASSWORD", true);
        items.put(UserProfile.builder().userId("sub-pete").email("pete@example.com").createdAt(T0).build().toItem());
        pool.user("quinn", "FORCE_CHANGE_PASSWORD", true);
        pool.user("rita", "CONFIRMED", false);
        pool.user("sam", "FORCE_CHANGE_PASSWORD", false);
        for (PoolOrphan orphan : List.of(new PoolOrphan("sub-pete", "pete", T0), new PoolOrphan("sub-quinn", "quinn", T0),
                new PoolOrphan("sub-rita", "rita", T0), new PoolOrphan("sub-someone-else", "sam", T0))) {
            items.put(orphan.toItem());
            tail.poll();
            items.delete(PoolOrphan.key(orphan.userId()));
            deliver(expiredByTtl(tail.poll()));
        }

        assertThat(pool.deleted()).isEmpty();
        assertThat(List.of("pete", "quinn", "rita", "sam")).allMatch(pool::exists);
        assertThat(bus.entries()).isEmpty();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** The deletions among the records as DynamoDB writes them when TTL made them (other records as they are). */
    private static List<Record> expiredByTtl(List<Record> records) {
        assertThat(records).filteredOn(r -> r.eventNameAsString().equals("REMOVE")).hasSize(1);
        return TtlDeletions.of(records);
    }

    private ChangeToken requestEmailChange(String userId, String newEmail) {
        ChangeContext user = new ChangeContext(userId, "req-" + userId);
        items.put(user.stamp(new HashMap<>(UserProfile.builder().userId(userId).email(userId + "@example.com")
                .pendingEmail(newEmail).createdAt(T0).build().toItem())));
        ChangeToken token = new ChangeToken(userId, ChangeToken.Kind.EMAIL_CHANGE, ChangeToken.hash("secret-token"),
                newEmail, T0, T0.plus(Duration.ofHours(1)));
        items.put(user.stamp(new HashMap<>(token.toItem())));
        items.put(user.stamp(new HashMap<>(new EmailReservation(newEmail, EmailReservation.State.PENDING,
                EmailReservation.Purpose.EMAIL_CHANGE, null, userId, T0, T0.plus(Duration.ofHours(1)), null).toItem())));
        return token;
    }

    /** A sign-up's PENDING reservation of {@code email}, then its deletion by TTL: the deletion's records. */
    private List<Record> expiredSignUp(String email, String userName) {
        items.put(new EmailReservation(email, EmailReservation.State.PENDING, EmailReservation.Purpose.SIGN_UP, userName,
                null, T0, T0.plus(Duration.ofDays(1)), null).toItem());
        tail.poll();
        items.delete(EmailReservation.key(email));
        return expiredByTtl(tail.poll());
    }

    private void deliver(List<Record> records) {
        StreamsEventResponse response = invoke(records);
        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    private StreamsEventResponse invoke(List<Record> records) {
        return handler.handleRequest(LambdaEvents.dynamodbEvent(records, tables.usersStreamArn()), null);
    }

    private FakeEventBridge.Entry single(String detailType) {
        List<FakeEventBridge.Entry> matching = bus.entries().stream().filter(e -> e.detailType().equals(detailType)).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    private List<Map<String, AttributeValue>> tokens(String userId) {
        return tables.dynamoDb().query(QueryRequest.builder().tableName(tables.usersTable())
                .keyConditionExpression("pk = :pk AND begins_with(sk, :token)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#" + userId),
                        ":token", AttributeValue.fromS("TOKEN#")))
                .build()).items();
    }
}
