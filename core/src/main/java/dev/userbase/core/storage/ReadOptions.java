package dev.userbase.core.storage;

import java.util.Map;
import java.util.function.Consumer;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a {@link Query} and a {@link Scan} have alike: a filter, a projection, a page size and a
 * start key, each optional. Immutable; each method returns a copy.
 */
record ReadOptions(Condition filter, Projection projection, Integer limit, Map<String, AttributeValue> startKey) {

    static final ReadOptions NONE = new ReadOptions(null, null, null, null);

    ReadOptions filter(Condition condition) {
        return new ReadOptions(condition, projection, limit, startKey);
    }

    ReadOptions project(Projection attributes) {
        return new ReadOptions(filter, attributes, limit, startKey);
    }

    ReadOptions limit(int items) {
        return new ReadOptions(filter, projection, items, startKey);
    }

    /** Starts after {@code lastEvaluatedKey} (null or empty: from the start). */
    ReadOptions startAfter(Map<String, AttributeValue> lastEvaluatedKey) {
        Map<String, AttributeValue> start = lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()
                ? null : Map.copyOf(lastEvaluatedKey);
        return new ReadOptions(filter, projection, limit, start);
    }

    /**
     * Sets what is present on a request builder, the filter before the projection (both take their
     * placeholders from {@code p}); {@code projectionExpression} null: the projection is not sent.
     */
    void applyTo(Placeholders p, Consumer<String> filterExpression, Consumer<String> projectionExpression,
            Consumer<Integer> pageSize, Consumer<Map<String, AttributeValue>> exclusiveStartKey) {
        if (filter != null) {
            filterExpression.accept(filter.render(p));
        }
        if (projectionExpression != null && projection != null) {
            projectionExpression.accept(projection.render(p));
        }
        if (limit != null) {
            pageSize.accept(limit);
        }
        if (startKey != null) {
            exclusiveStartKey.accept(startKey);
        }
    }
}
