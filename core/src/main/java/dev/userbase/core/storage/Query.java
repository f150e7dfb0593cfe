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
    final ReadOptions read;
    final boolean forward;
    final boolean consistent;

    private Query(KeyCondition key, String index, ReadOptions read, boolean forward, boolean consistent) {
        this.key = Objects.requireNonNull(key, "key");
        this.index = index;
        this.read = read;
        this.forward = forward;
        this.consistent = consistent;
    }

    /** A query of the table, read strongly consistent (a caller acting on it must see the latest write). */
    public static Query of(KeyCondition key) {
        return new Query(key, null, ReadOptions.NONE, true, true);
    }

    /** A query of a global secondary index (always eventually consistent). */
    public Query onIndex(String indexName) {
        return new Query(key, indexName, read, forward, false);
    }

    public Query filter(Condition condition) {
        return new Query(key, index, read.filter(condition), forward, consistent);
    }

    public Query project(Projection attributes) {
        return new Query(key, index, read.project(attributes), forward, consistent);
    }

    public Query limit(int items) {
        if (items < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        return new Query(key, index, read.limit(items), forward, consistent);
    }

    /** Starts after {@code lastEvaluatedKey} (null or empty: from the start). */
    public Query startAfter(Map<String, AttributeValue> lastEvaluatedKey) {
        return new Query(key, index, read.startAfter(lastEvaluatedKey), forward, consistent);
    }

    public Query descending() {
        return new Query(key, index, read, false, consistent);
    }

    /** Eventually consistent reads: half the capacity, for reads nothing acts on at once. */
    public Query eventuallyConsistent() {
        return new Query(key, index, read, forward, false);
    }
}
