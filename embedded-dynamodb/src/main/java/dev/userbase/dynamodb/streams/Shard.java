package dev.userbase.dynamodb.streams;

import java.util.ArrayList;
import java.util.List;

/**
 * One shard of a stream: an append-only run of records with increasing sequence numbers. A closed
 * shard has an ending sequence number and a child that continues it. Guarded by its stream's lock.
 */
final class Shard {

    final String id;
    final String parentId;
    final long startSequence;
    long endSequence = -1;
    long createdAtMillis;
    final List<StreamRecord> records = new ArrayList<>();
    /** The sequence number of the last record trimmed from this shard ({@code startSequence - 1} while none is). */
    long trimmedThrough;

    Shard(String id, String parentId, long startSequence, long createdAtMillis) {
        this.id = id;
        this.parentId = parentId;
        this.startSequence = startSequence;
        this.createdAtMillis = createdAtMillis;
        this.trimmedThrough = startSequence - 1;
    }

    boolean closed() {
        return endSequence >= 0;
    }

    long lastSequence() {
        return records.isEmpty() ? trimmedThrough : records.get(records.size() - 1).sequence();
    }

    /** Index of the first record with a sequence number greater than {@code after}. */
    int indexAfter(long after) {
        int lo = 0;
        int hi = records.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (records.get(mid).sequence() <= after) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
