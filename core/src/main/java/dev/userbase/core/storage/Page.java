package dev.userbase.core.storage;

import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One page of a query or scan: its items and the key to continue from (empty when it was the last).
 */
public record Page(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastEvaluatedKey) {

    public Page {
        items = List.copyOf(items);
        lastEvaluatedKey = lastEvaluatedKey == null ? Map.of() : Map.copyOf(lastEvaluatedKey);
    }

    public boolean hasMore() {
        return !lastEvaluatedKey.isEmpty();
    }
}
