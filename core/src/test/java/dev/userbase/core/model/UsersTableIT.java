package dev.userbase.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.testing.StoredItems;
import dev.userbase.core.table.UsersTable;
import dev.userbase.core.testing.LocalTables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The table definition and the item types against DynamoDB Local, through the real SDK. */
class UsersTableIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void createTable_hasKeysIndexesAndStreamOfTheDefinition() {
        TableDescription table = tables.dynamoDb()
                .describeTable(DescribeTableRequest.builder().tableName(tables.usersTable()).build()).table();
        assertThat(table.keySchema()).extracting(k -> k.attributeName()).containsExactly("pk", "sk");
        assertThat(table.globalSecondaryIndexes()).extracting(i -> i.indexName())
                .containsExactlyInAnyOrder(UsersTable.FOLLOWERS_INDEX, UsersTable.SEARCH_INDEX, UsersTable.STATUS_INDEX);
        assertThat(table.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
    }

    @Test
    void profile_roundTripsAndIsSearchableOnlyWhileActive() {
        UserProfile profile = UserProfile.builder()
                .userId("u1").email("ann@example.com").displayName("\u00c9milie Durand")
                .roles(Set.of("editor")).createdAt(T0).build();
        put(profile.toItem());

        StoredItems repository = tables.items();
        assertThat(repository.findProfile("u1")).contains(profile.toBuilder().updatedAt(T0).build());
        assertThat(searchPrefix("em", "emi")).containsExactly("u1");

        put(profile.toBuilder().status(UserStatus.SUSPENDED).build().toItem());
        assertThat(searchPrefix("em", "emi")).isEmpty();
        assertThat(statusPartition(UserStatus.SUSPENDED)).containsExactly("u1");
        assertThat(statusPartition(UserStatus.ACTIVE)).isEmpty();
    }

    @Test
    void followEdge_isListedUnderTheFolloweeInTheFollowersIndex() {
        put(new FollowEdge("a", "b", T0).toItem());
        put(new FollowEdge("c", "b", T0).toItem());
        List<Map<String, AttributeValue>> followers = tables.dynamoDb().query(QueryRequest.builder()
                .tableName(tables.usersTable()).indexName(UsersTable.FOLLOWERS_INDEX)
                .keyConditionExpression("gsi1pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(FollowEdge.followersPartitionKey("b"))))
                .build()).items();
        assertThat(followers).extracting(item -> FollowEdge.fromItem(item).followerId()).containsExactly("a", "c");
    }

    @Test
    void otherItems_roundTripAndClassifyByKey() {
        EmailReservation reservation = new EmailReservation("ann@example.com", EmailReservation.State.PENDING,
                EmailReservation.Purpose.SIGN_UP, "user-name", null, T0, T0.plusSeconds(86_400), null);
        UserPreferences preferences = new UserPreferences("u1", "{\"theme\":\"dark\"}", 3, T0);
        ChangeToken token = new ChangeToken("u1", ChangeToken.Kind.EMAIL_CHANGE, ChangeToken.hash("secret"),
                "new@example.com", T0, T0.plusSeconds(3600));
        AuditEntry audit = new AuditEntry("u1", T0, "evt-1", "user.profile.updated", "u1",
                List.of("displayName"), null);
        for (Map<String, AttributeValue> item : List.of(reservation.toItem(), preferences.toItem(), token.toItem(), audit.toItem())) {
            put(item);
        }
        assertThat(EmailReservation.fromItem(get(reservation.key()))).isEqualTo(reservation);
        assertThat(UserPreferences.fromItem(get(UserPreferences.key("u1")))).isEqualTo(preferences);
        assertThat(ChangeToken.fromItem(get(token.key()))).isEqualTo(token);
        assertThat(AuditEntry.fromItem(get(audit.key()))).isEqualTo(audit);
        assertThat(token.toItem().toString()).doesNotContain("secret");

        assertThat(Keys.kindOf(reservation.key())).isEqualTo(ItemKind.EMAIL_RESERVATION);
        assertThat(Keys.kindOf(UserPreferences.key("u1"))).isEqualTo(ItemKind.PREFERENCES);
        assertThat(Keys.kindOf(token.key())).isEqualTo(ItemKind.TOKEN);
        assertThat(Keys.kindOf(audit.key())).isEqualTo(ItemKind.AUDIT_ENTRY);
        assertThat(Keys.kindOf(FollowEdge.key("a", "b"))).isEqualTo(ItemKind.FOLLOW_EDGE);
        assertThat(Keys.kindOf(UserProfile.key("u1"))).isEqualTo(ItemKind.PROFILE);
        assertThat(Keys.kindOf(Keys.key("SHARD#x", "COUNTERS"))).isEqualTo(ItemKind.UNKNOWN);
    }

    @Test
    void timestamps_sortInTimeOrder() {
        assertThat(Timestamps.format(Instant.parse("2026-01-01T00:00:00Z")))
                .isEqualTo("2026-01-01T00:00:00.000Z")
                .isLessThan(Timestamps.format(Instant.parse("2026-01-01T00:00:00.123Z")));
    }

    private void put(Map<String, AttributeValue> item) {
        tables.users().put(item);
    }

    private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        return tables.dynamoDb().getItem(GetItemRequest.builder().tableName(tables.usersTable()).key(key).build()).item();
    }

    private List<String> searchPrefix(String partition, String prefix) {
        return tables.dynamoDb().query(QueryRequest.builder()
                .tableName(tables.usersTable()).indexName(UsersTable.SEARCH_INDEX)
                .keyConditionExpression("gsi2pk = :pk AND begins_with(gsi2sk, :prefix)")
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(UserProfile.searchPartitionKey(partition)),
                        ":prefix", AttributeValue.fromS(prefix)))
                .build()).items().stream().map(item -> item.get("userId").s()).toList();
    }

    private List<String> statusPartition(UserStatus status) {
        return tables.dynamoDb().query(QueryRequest.builder()
                .tableName(tables.usersTable()).indexName(UsersTable.STATUS_INDEX)
                .keyConditionExpression("gsi3pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(UserProfile.statusPartitionKey(status))))
                .build()).items().stream().map(item -> item.get("userId").s()).toList();
    }
}
