package dev.userbase.api.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** The items of some tables, and putting the tables back to them (only what differs is written). */
final class TableSnapshot {

    private final Map<String, Map<String, Map<String, AttributeValue>>> tables;

    private TableSnapshot(Map<String, Map<String, Map<String, AttributeValue>>> tables) {
        this.tables = tables;
    }

    static TableSnapshot take(DynamoDbClient dynamoDb, Map<String, List<String>> keyNamesByTable) {
        Map<String, Map<String, Map<String, AttributeValue>>> tables = new HashMap<>();
        keyNamesByTable.forEach((table, keys) -> tables.put(table, scan(dynamoDb, table, keys)));
        return new TableSnapshot(tables);
    }

    void restore(DynamoDbClient dynamoDb, Map<String, List<String>> keyNamesByTable) {
        keyNamesByTable.forEach((table, keys) -> {
            Map<String, Map<String, AttributeValue>> wanted = tables.get(table);
            Map<String, Map<String, AttributeValue>> now = scan(dynamoDb, table, keys);
            now.forEach((key, item) -> {
                if (!wanted.containsKey(key)) {
                    Map<String, AttributeValue> itemKey = new HashMap<>();
                    keys.forEach(k -> itemKey.put(k, item.get(k)));
                    dynamoDb.deleteItem(r -> r.tableName(table).key(itemKey));
                }
            });
            wanted.forEach((key, item) -> {
                if (!item.equals(now.get(key))) {
                    dynamoDb.putItem(r -> r.tableName(table).item(item));
                }
            });
        });
    }

    private static Map<String, Map<String, AttributeValue>> scan(DynamoDbClient dynamoDb, String table, List<String> keys) {
        Function<Map<String, AttributeValue>, String> keyOf = item -> keys.stream().map(k -> item.get(k).s())
                .reduce((a, b) -> a + "\u0000" + b).orElseThrow();
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(table).consistentRead(true);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse response = dynamoDb.scan(request.build());
            response.items().forEach(item -> items.put(keyOf.apply(item), item));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
