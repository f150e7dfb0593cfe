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
    final ReadOptions read;

    private Scan(int segment, int totalSegments, ReadOptions read) {
        if (totalSegments < 1 || segment < 0 || segment >= totalSegments) {
            throw new IllegalArgumentException("segment " + segment + " of " + totalSegments);
        }
        this.segment = segment;
        this.totalSegments = totalSegments;
        this.read = read;
    }

    public static Scan all() {
        return segment(0, 1);
    }

    public static Scan segment(int segment, int totalSegments) {
        return new Scan(segment, totalSegments, ReadOptions.NONE);
    }

    public Scan filter(Condition condition) {
        return new Scan(segment, totalSegments, read.filter(condition));
    }

    public Scan project(Projection attributes) {
        return new Scan(segment, totalSegments, read.project(attributes));
    }

    public Scan limit(int items) {
        return new Scan(segment, totalSegments, read.limit(items));
    }

    public Scan startAfter(Map<String, AttributeValue> lastEvaluatedKey) {
        return new Scan(segment, totalSegments, read.startAfter(lastEvaluatedKey));
    }
}
