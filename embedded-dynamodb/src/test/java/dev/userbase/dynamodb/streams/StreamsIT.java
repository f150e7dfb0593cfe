package dev.userbase.dynamodb.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userbase.dynamodb.EmbeddedDynamoDb;
import dev.userbase.dynamodb.EmbeddedDynamoDbOptions;
import dev.userbase.testing.MutableClock;
import dev.userbase.dynamodb.TestClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Streams as the DynamoDB Streams API Reference describes them, read through the real SDK client. */
class StreamsIT {

    private static Map<String, AttributeValue> item(String pk, String value) {
        return Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromS(value));
    }

    private static List<Record> readAll(DynamoDbStreamsClient streams, String arn, String shardId, ShardIteratorType type) {
        List<Record> records = new ArrayList<>();
        String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shardId).shardIteratorType(type)).shardIterator();
        while (iterator != null) {
            String it = iterator;
            var response = streams.getRecords(b -> b.shardIterator(it));
            records.addAll(response.records());
            if (response.records().isEmpty()) {
                break;
            }
            iterator = response.nextShardIterator();
        }
        return records;
    }

    @Test
    void records_haveDynamoDbsShape_andNoRecordForAWriteThatChangesNothing() {
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(); DynamoDbClient client = TestClients.dynamoDb(engine.endpoint());
                DynamoDbStreamsClient streams = TestClients.streams(engine.endpoint())) {
            TestClients.createTable(client, "shape", false);
            client.putItem(b -> b.tableName("shape").item(item("a", "1")));
            client.putItem(b -> b.tableName("shape").item(item("a", "1"))); // unchanged: no record
            client.putItem(b -> b.tableName("shape").item(item("a", "2")));
            client.deleteItem(b -> b.tableName("shape").key(Map.of("pk", AttributeValue.fromS("a"))));
            client.deleteItem(b -> b.tableName("shape").key(Map.of("pk", AttributeValue.fromS("missing")))); // nothing to delete
            String arn = client.describeTable(b -> b.tableName("shape")).table().latestStreamArn();
            Shard shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0);
            List<Record> records = readAll(streams, arn, shard.shardId(), ShardIteratorType.TRIM_HORIZON);

            assertThat(records).extracting(Record::eventNameAsString).containsExactly("INSERT", "MODIFY", "REMOVE");
            for (Record r : records) {
                assertThat(r.eventVersion()).isEqualTo("1.1");
                assertThat(r.eventSource()).isEqualTo("aws:dynamodb");
                assertThat(r.awsRegion()).isEqualTo("us-east-1");
                assertThat(r.eventID()).hasSize(32);
                assertThat(r.dynamodb().keys()).containsOnlyKeys("pk");
                assertThat(r.dynamodb().sizeBytes()).isPositive();
                assertThat(r.dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
                assertThat(r.dynamodb().approximateCreationDateTime()).isNotNull();
                assertThat(r.userIdentity()).isNull();
            }
            assertThat(records.get(0).dynamodb().hasOldImage()).isFalse();
            assertThat(records.get(1).dynamodb().oldImage().get("v").s()).isEqualTo("1");
            assertThat(records.get(1).dynamodb().newImage().get("v").s()).isEqualTo("2");
            assertThat(records.get(2).dynamodb().hasNewImage()).isFalse();
            assertThat(new java.math.BigInteger(records.get(0).dynamodb().sequenceNumber()))
                    .isLessThan(new java.math.BigInteger(records.get(1).dynamodb().sequenceNumber()));
            assertThat(new java.math.BigInteger(records.get(1).dynamodb().sequenceNumber()))
                    .isLessThan(new java.math.BigInteger(records.get(2).dynamodb().sequenceNumber()));

            // AT and AFTER a sequence number; LATEST sees only what comes next
            String second = records.get(1).dynamodb().sequenceNumber();
            String at = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(second)).shardIterator();
            assertThat(streams.getRecords(b -> b.shardIterator(at)).records()).extracting(Record::eventNameAsString)
                    .containsExactly("MODIFY", "REMOVE");
            String after = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(second)).shardIterator();
            assertThat(streams.getRecords(b -> b.shardIterator(after)).records()).extracting(Record::eventNameAsString)
                    .containsExactly("REMOVE");
            String latest = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
            var none = streams.getRecords(b -> b.shardIterator(latest));
            assertThat(none.records()).isEmpty();
            client.putItem(b -> b.tableName("shape").item(item("b", "1")));
            assertThat(streams.getRecords(b -> b.shardIterator(none.nextShardIterator())).records())
                    .extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("b");
        }
    }

    @Test
    void viewTypes_leaveOutWhatTheyDoNotInclude() {
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(); DynamoDbClient client = TestClients.dynamoDb(engine.endpoint());
                DynamoDbStreamsClient streams = TestClients.streams(engine.endpoint())) {
            for (StreamViewType view : List.of(StreamViewType.KEYS_ONLY, StreamViewType.NEW_IMAGE, StreamViewType.OLD_IMAGE)) {
                String name = "view-" + view.toString().toLowerCase().replace('_', '-');
                client.createTable(b -> b.tableName(name).billingMode("PAY_PER_REQUEST")
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                        .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                        .streamSpecification(s -> s.streamEnabled(true).streamViewType(view)));
                client.putItem(b -> b.tableName(name).item(item("a", "1")));
                client.putItem(b -> b.tableName(name).item(item("a", "2")));
                String arn = client.describeTable(b -> b.tableName(name)).table().latestStreamArn();
                Shard shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0);
                Record modify = readAll(streams, arn, shard.shardId(), ShardIteratorType.TRIM_HORIZON).get(1);
                assertThat(modify.dynamodb().hasNewImage()).as(view + " new image").isEqualTo(view == StreamViewType.NEW_IMAGE);
                assertThat(modify.dynamodb().hasOldImage()).as(view + " old image").isEqualTo(view == StreamViewType.OLD_IMAGE);
                assertThat(modify.dynamodb().keys()).containsOnlyKeys("pk");
            }
        }
    }

    @Test
    void iterators_expireAfterFifteenMinutes_andRecordsAreTrimmedAfterADay() {
        MutableClock clock = MutableClock.at(Instant.parse("2026-12-01T10:00:00Z"));
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(EmbeddedDynamoDbOptions.builder().clock(clock).build());
                DynamoDbClient client = TestClients.dynamoDb(engine.endpoint());
                DynamoDbStreamsClient streams = TestClients.streams(engine.endpoint())) {
            TestClients.createTable(client, "aging", false);
            client.putItem(b -> b.tableName("aging").item(item("old", "1")));
            String arn = client.describeTable(b -> b.tableName("aging")).table().latestStreamArn();
            Shard shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0);
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            String oldSequence = readAll(streams, arn, shard.shardId(), ShardIteratorType.TRIM_HORIZON).get(0)
                    .dynamodb().sequenceNumber();
            clock.advance(Duration.ofMinutes(15));
            assertThatThrownBy(() -> streams.getRecords(b -> b.shardIterator(iterator)))
                    .isInstanceOf(ExpiredIteratorException.class);

            clock.advance(Duration.ofHours(24));
            client.putItem(b -> b.tableName("aging").item(item("new", "1")));
            assertThat(readAll(streams, arn, shard.shardId(), ShardIteratorType.TRIM_HORIZON))
                    .extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("new");
            assertThatThrownBy(() -> streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(oldSequence)))
                    .isInstanceOf(TrimmedDataAccessException.class);
        }
    }

    @Test
    void shards_rollOver_withParentsAndClosedRanges_andEveryRecordIsReadOnceInOrder() {
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(EmbeddedDynamoDbOptions.builder().recordsPerShard(3).build());
                DynamoDbClient client = TestClients.dynamoDb(engine.endpoint());
                DynamoDbStreamsClient streams = TestClients.streams(engine.endpoint())) {
            TestClients.createTable(client, "rolling", false);
            for (int i = 0; i < 8; i++) {
                int n = i;
                client.putItem(b -> b.tableName("rolling").item(item("k" + n, "v")));
            }
            String arn = client.describeTable(b -> b.tableName("rolling")).table().latestStreamArn();
            List<Shard> shards = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards();
            assertThat(shards).hasSize(3);
            assertThat(shards.get(0).parentShardId()).isNull();
            assertThat(shards.get(1).parentShardId()).isEqualTo(shards.get(0).shardId());
            assertThat(shards.get(2).parentShardId()).isEqualTo(shards.get(1).shardId());
            assertThat(shards.get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();
            assertThat(shards.get(2).sequenceNumberRange().endingSequenceNumber()).isNull();
            List<String> keys = new ArrayList<>();
            for (Shard shard : shards) {
                String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                var response = streams.getRecords(b -> b.shardIterator(iterator));
                response.records().forEach(r -> keys.add(r.dynamodb().keys().get("pk").s()));
                if (shard.sequenceNumberRange().endingSequenceNumber() != null) {
                    assertThat(response.nextShardIterator()).as("a closed shard read to its end has no next iterator").isNull();
                } else {
                    assertThat(response.nextShardIterator()).isNotNull();
                }
            }
            assertThat(keys).containsExactly("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7");
        }
    }

    @Test
    void disablingTheStream_closesIt_andEnablingStartsANewOne() {
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(); DynamoDbClient client = TestClients.dynamoDb(engine.endpoint());
                DynamoDbStreamsClient streams = TestClients.streams(engine.endpoint())) {
            TestClients.createTable(client, "toggled", false);
            client.putItem(b -> b.tableName("toggled").item(item("a", "1")));
            String first = client.describeTable(b -> b.tableName("toggled")).table().latestStreamArn();
            client.updateTable(b -> b.tableName("toggled").streamSpecification(s -> s.streamEnabled(false)));
            assertThat(streams.describeStream(b -> b.streamArn(first)).streamDescription().streamStatusAsString())
                    .isEqualTo("DISABLED");
            client.putItem(b -> b.tableName("toggled").item(item("b", "1")));
            client.updateTable(b -> b.tableName("toggled")
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
            String second = client.describeTable(b -> b.tableName("toggled")).table().latestStreamArn();
            assertThat(second).isNotEqualTo(first);
            assertThat(streams.listStreams(b -> b.tableName("toggled")).streams()).hasSize(2);
            Shard old = streams.describeStream(b -> b.streamArn(first)).streamDescription().shards().get(0);
            assertThat(readAll(streams, first, old.shardId(), ShardIteratorType.TRIM_HORIZON))
                    .extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("a");
        }
    }
}
