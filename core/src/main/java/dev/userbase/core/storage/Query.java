package dev.userbase.core.storage;

import java.util.Map;
import java.util.Objects;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a query reads: a key condition on the table or one of its indexes, and optionally a filter,
 * a projection, a page size, a start key and the direction. Immutable; each method returns a copy.
 */
public final class Query {

    final KeyCondition key;
    final String index;
    final Condition filter;
    final Projection projection;
    final Integer limit;
    final Map<String, AttributeValue> startKey;
    final boolean forward;
    final boolean consistent;

    private Query(KeyCondition key, String index, Condition filter, Projection projection, Integer limit,
            Map<String, AttributeValue> startKey, boolean forward, boolean consistent) {
        this.key = Objects.requireNonNull(key, "key");
        this.index = index;
        this.filter = filter;
        this.projection = projection;
        this.limit = limit;
        this.startKey = startKey;
        this.forward = forward;
        this.consistent = consistent;
    }

    /** A query of the table, read strongly consistent (a caller acting on it must see the latest write). */
    public static Query of(KeyCondition key) {
        return new Query(key, null, null, null, null, null, true, true);
    }

    /** A query of a global secondary index (always eventually consistent). */
    public Query onIndex(String indexName) {
        return new Query(key, indexName, filter, projection, limit, startKey, forward, false);
    }

    public Query filter(Condition condition) {
        return new Query(key, index, condition, projection, limit, startKey, forward, consistent);
    }

    public Query project(Projection attributes) {
        return new Query(key, index, filter, attributes, limit, startKey, forward, consistent);
    }

    public Query limit(int items) {
        if (items < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return new Query(key, index, filter, projection, items, startKey, forward, consistent);
    }

    /** Starts after {@code lastEvaluatedKey} (null or empty: from the start). */
    public Query startAfter(Map<String, AttributeValue> lastEvaluatedKey) {
        Map<String, AttributeValue> start = lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()
                ? null : Map.copyOf(lastEvaluatedKey);
        return new Query(key, index, filter, projection, limit, start, forward, consistent);
    }

    public Query descending() {
        return new Query(key, index, filter, projection, limit, startKey, false, consistent);
    }

    /** Eventually consistent reads: half the capacity, for reads nothing acts on at once. */
    public Query eventuallyConsistent() {
        return new Query(key, index, filter, projection, limit, startKey, forward, false);
    }
}
