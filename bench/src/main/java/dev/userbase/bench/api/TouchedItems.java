package dev.userbase.bench.api;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The items a write route changes, so a benchmark can put them back between runs: every key it has
 * written so far is read before a run and restored after it (items it created are deleted).
 */
final class TouchedItems {

    /** A table and an item key in it. */
    record ItemKey(String table, Map<String, AttributeValue> key) {
    }

    private final Map<String, List<String>> keyNames;
    private final Set<ItemKey> known = new LinkedHashSet<>();

    TouchedItems(Map<String, List<String>> keyNames) {
        this.keyNames = keyNames;
    }

    /** Remembers the keys {@code requests} write, so every later {@link #read} includes them. */
    void learn(List<SdkRequest> requests) {
        known.addAll(written(requests));
    }

    /** The current items of the remembered keys and of those {@code extra} writes (absent ones map to null). */
    Map<ItemKey, Map<String, AttributeValue>> read(DynamoDbClient dynamoDb, List<SdkRequest> extra) {
        Set<ItemKey> keys = new LinkedHashSet<>(known);
        keys.addAll(written(extra));
        Map<ItemKey, Map<String, AttributeValue>> items = new LinkedHashMap<>();
        for (ItemKey key : keys) {
            Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(key.table()).key(key.key()).consistentRead(true)).item();
            items.put(key, item == null || item.isEmpty() ? null : item);
        }
        return items;
    }

    /** Puts back {@code before} for every key {@code requests} wrote; keys {@code before} lacks are deleted. */
    void restore(DynamoDbClient dynamoDb, Map<ItemKey, Map<String, AttributeValue>> before, List<SdkRequest> requests) {
        for (ItemKey key : written(requests)) {
            Map<String, AttributeValue> item = before.get(key);
            if (item == null) {
                dynamoDb.deleteItem(r -> r.tableName(key.table()).key(key.key()));
            } else {
                dynamoDb.putItem(r -> r.tableName(key.table()).item(item));
            }
        }
    }

    private Set<ItemKey> written(List<SdkRequest> requests) {
        Set<ItemKey> keys = new LinkedHashSet<>();
        for (SdkRequest request : requests) {
            if (request instanceof PutItemRequest r) {
                keys.add(keyOf(r.tableName(), r.item()));
            } else if (request instanceof UpdateItemRequest r) {
                keys.add(new ItemKey(r.tableName(), Map.copyOf(r.key())));
            } else if (request instanceof DeleteItemRequest r) {
                keys.add(new ItemKey(r.tableName(), Map.copyOf(r.key())));
            } else if (request instanceof TransactWriteItemsRequest r) {
                for (TransactWriteItem item : r.transactItems()) {
                    if (item.put() != null) {
                        keys.add(keyOf(item.put().tableName(), item.put().item()));
                    } else if (item.update() != null) {
                        keys.add(new ItemKey(item.update().tableName(), Map.copyOf(item.update().key())));
                    } else if (item.delete() != null) {
                        keys.add(new ItemKey(item.delete().tableName(), Map.copyOf(item.delete().key())));
                    }
                }
            }
        }
        return keys;
    }

    private ItemKey keyOf(String table, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new HashMap<>();
        for (String name : keyNames.get(table)) {
            key.put(name, item.get(name));
        }
        return new ItemKey(table, Map.copyOf(key));
    }
}
