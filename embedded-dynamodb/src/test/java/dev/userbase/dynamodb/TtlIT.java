package dev.userbase.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import dev.userbase.testing.MutableClock;

/** Time to Live as the Developer Guide describes it: the service deletes, and says so in the stream. */
class TtlIT {

    @Test
    void expiredItems_areDeletedByTheService_withItsIdentityOnTheRemoveRecord() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-12-01T10:00:00Z"));
        long now = clock.instant().getEpochSecond();
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(EmbeddedDynamoDbOptions.builder().clock(clock)
                .ttlInterval(Duration.ZERO).build());
                DynamoDbClient client = TestClients.dynamoDb(engine.endpoint());
                DynamoDbStreamsClient streams = TestClients.streams(engine.endpoint())) {
            TestClients.createTable(client, "expiring", false);
            client.updateTimeToLive(b -> b.tableName("expiring").timeToLiveSpecification(t -> t.enabled(true).attributeName("ttl")));
            assertThat(client.describeTimeToLive(b -> b.tableName("expiring")).timeToLiveDescription().timeToLiveStatusAsString())
                    .isEqualTo("ENABLED");
            put(client, "expiring", "past", AttributeValue.fromN(Long.toString(now - 10)));
            put(client, "expiring", "future", AttributeValue.fromN(Long.toString(now + 60)));
            put(client, "expiring", "text", AttributeValue.fromS(Long.toString(now - 10))); // not a number: never expires
            put(client, "expiring", "ancient", AttributeValue.fromN(Long.toString(now - 6L * 365 * 24 * 3600))); // > 5 years: ignored
            put(client, "expiring", "none", null);

            assertThat(engine.sweepExpiredItems()).isEqualTo(1);
            assertThat(keys(client)).containsExactlyInAnyOrder("future", "text", "ancient", "none");
            clock.advance(Duration.ofMinutes(2));
            assertThat(engine.sweepExpiredItems()).isEqualTo(1);
            assertThat(keys(client)).containsExactlyInAnyOrder("text", "ancient", "none");

            String arn = client.describeTable(b -> b.tableName("expiring")).table().latestStreamArn();
            var shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0);
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            List<Record> removes = streams.getRecords(b -> b.shardIterator(iterator)).records().stream()
                    .filter(r -> r.eventNameAsString().equals("REMOVE")).toList();
            assertThat(removes).hasSize(2);
            for (Record r : removes) {
                assertThat(r.userIdentity().type()).isEqualTo("Service");
                assertThat(r.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
            }
            // a user's own delete carries no identity
            client.deleteItem(b -> b.tableName("expiring").key(Map.of("pk", AttributeValue.fromS("none"))));
            var all = streams.getRecords(b -> b.shardIterator(iterator)).records();
            assertThat(all.get(all.size() - 1).userIdentity()).isNull();
        }
    }

    @Test
    void delay_holdsExpiredItemsBack() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-12-01T10:00:00Z"));
        long now = clock.instant().getEpochSecond();
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(EmbeddedDynamoDbOptions.builder().clock(clock)
                .ttlInterval(Duration.ZERO).ttlDelay(Duration.ofMinutes(10)).build());
                DynamoDbClient client = TestClients.dynamoDb(engine.endpoint())) {
            TestClients.createTable(client, "delayed", false);
            client.updateTimeToLive(b -> b.tableName("delayed").timeToLiveSpecification(t -> t.enabled(true).attributeName("ttl")));
            put(client, "delayed", "past", AttributeValue.fromN(Long.toString(now - 60)));
            assertThat(engine.sweepExpiredItems()).isZero();
            clock.advance(Duration.ofMinutes(10));
            assertThat(engine.sweepExpiredItems()).isEqualTo(1);
        }
    }

    private static void put(DynamoDbClient client, String table, String pk, AttributeValue ttl) {
        Map<String, AttributeValue> item = ttl == null ? Map.of("pk", AttributeValue.fromS(pk))
                : Map.of("pk", AttributeValue.fromS(pk), "ttl", ttl);
        client.putItem(b -> b.tableName(table).item(item));
    }

    private static List<String> keys(DynamoDbClient client) {
        return client.scan(b -> b.tableName("expiring")).items().stream().map(i -> i.get("pk").s()).toList();
    }
}
