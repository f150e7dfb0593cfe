package dev.userbase.core.storage;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One segment of a parallel scan (or the whole table as segment 0 of 1), optionally filtered and
 * projected, resumable from a start key. Immutable; each method returns a copy.
 */
public final class Scan {

    final int segment;
    final int totalSegments;
    final Condition filter;
    final Projection projection;
    final Integer limit;
    final Map<String, AttributeValue> startKey;

    private Scan(int segment, int totalSegments, Condition filter, Projection projection, Integer limit,
            Map<String, AttributeValue> startKey) {
        if (totalSegments < 1 || segment < 0 || segment >= totalSegments) {
            throw new IllegalArgumentException("segment " + segment + " of " + totalSegments);
        }
        this.segment = segment;
        this.totalSegments = totalSegments;
        this.filter = filter;
        this.projection = projection;
        this.limit = limit;
        this.startKey = startKey;
    }

    public static Scan all() {
        return new Scan(0, 1, null, null, null, null);
    }

    public static Scan segment(int segment, int totalSegments) {
        return new Scan(segment, totalSegments, null, null, null, null);
    }

    public Scan filter(Condition condition) {
        return new Scan(segment, totalSegments, condition, projection, limit, startKey);
    }

    public Scan project(Projection attributes) {
        return new Scan(segment, totalSegments, filter, attributes, limit, startKey);
    }

    public Scan limit(int items) {
        return new Scan(segment, totalSegments, filter, projection, items, startKey);
    }

    public Scan startAfter(Map<String, AttributeValue> lastEvaluatedKey) {
        Map<String, AttributeValue> start = lastEvaluatedKey == null || lastEvaluatedKey.isEmpty()
                ? null : Map.copyOf(lastEvaluatedKey);
        return new Scan(segment, totalSegments, filter, projection, limit, start);
    }
}
