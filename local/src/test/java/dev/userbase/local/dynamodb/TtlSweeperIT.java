package dev.userbase.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.table.UsersTable;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.core.testing.MutableClock;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/** TTL, which DynamoDB Local does not do: expired items go, and their REMOVE records are recognisable as TTL's. */
class TtlSweeperIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();
    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");

    @Test
    void sweep_deletesExpiredItemsOnly_andMarksTheirStreamRecords() {
        long now = clock.instant().getEpochSecond();
        put("EMAIL#old@example.com", Map.of("expiresAt", AttributeValue.fromN(Long.toString(now - 1))));
        put("EMAIL#new@example.com", Map.of("expiresAt", AttributeValue.fromN(Long.toString(now + 3600))));
        put("EMAIL#none@example.com", Map.of());
        put("EMAIL#text@example.com", Map.of("expiresAt", AttributeValue.fromS("0")));
        TtlSweeper sweeper = new TtlSweeper(tables.dynamoDb(),
                List.of(new TtlSweeper.TtlTable(tables.usersTable(), UsersTable.TTL_ATTRIBUTE)), clock);

        assertThat(sweeper.sweep()).isEqualTo(1);

        assertThat(tables.dynamoDb().scan(r -> r.tableName(tables.usersTable())).items())
                .extracting(i -> i.get("pk").s())
                .containsExactlyInAnyOrder("EMAIL#new@example.com", "EMAIL#none@example.com", "EMAIL#text@example.com");
        List<Record> records = streamRecords();
        Record removal = records.stream().filter(r -> r.eventName() == OperationType.REMOVE).findFirst().orElseThrow();
        assertThat(sweeper.test(removal)).isTrue();
        assertThat(records.stream().filter(r -> r.eventName() == OperationType.INSERT)).noneMatch(sweeper);
    }

    @Test
    void userDeleteOfAnItem_isNotMistakenForTtl() {
        put("EMAIL#gone@example.com", Map.of());
        tables.dynamoDb().deleteItem(r -> r.tableName(tables.usersTable())
                .key(Map.of("pk", AttributeValue.fromS("EMAIL#gone@example.com"), "sk", AttributeValue.fromS("EMAIL"))));
        TtlSweeper sweeper = new TtlSweeper(tables.dynamoDb(),
                List.of(new TtlSweeper.TtlTable(tables.usersTable(), UsersTable.TTL_ATTRIBUTE)), clock);
        sweeper.sweep();

        assertThat(streamRecords().stream().filter(r -> r.eventName() == OperationType.REMOVE)).noneMatch(sweeper);
    }

    private void put(String pk, Map<String, AttributeValue> extra) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(extra);
        item.put("pk", AttributeValue.fromS(pk));
        item.put("sk", AttributeValue.fromS("EMAIL"));
        tables.dynamoDb().putItem(r -> r.tableName(tables.usersTable()).item(item));
    }

    private List<Record> streamRecords() {
        String arn = tables.usersStreamArn();
        String shard = tables.streams().describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String iterator = tables.streams().getShardIterator(r -> r.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return tables.streams().getRecords(r -> r.shardIterator(iterator)).records();
    }
}
