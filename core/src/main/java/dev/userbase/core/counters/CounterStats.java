package dev.userbase.core.counters;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the follow counters cost, counted as they run (read by the benchmark and logged per window):
 * records counted, counter writes (profile or parked-count items updated), transactions and
 * DynamoDB items written or read for bookkeeping (checkpoint, journal).
 */
public final class CounterStats {

    private final AtomicLong followRecords = new AtomicLong();
    private final AtomicLong skippedRecords = new AtomicLong();
    private final AtomicLong counterWrites = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong itemsWritten = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong clamped = new AtomicLong();

    void recordCounted() {
        followRecords.incrementAndGet();
    }

    void recordSkipped() {
        skippedRecords.incrementAndGet();
    }

    void transaction(int counters, int items) {
        transactions.incrementAndGet();
        counterWrites.addAndGet(counters);
        itemsWritten.addAndGet(items);
    }

    void read() {
        reads.incrementAndGet();
    }

    void parked() {
        parked.incrementAndGet();
    }

    void clamped() {
        clamped.incrementAndGet();
    }

    /** Follow-edge INSERT/REMOVE records aggregated (each counted once, redeliveries excluded). */
    public long followRecords() {
        return followRecords.get();
    }

    /** Records skipped because they were already counted (redelivery) or are not follow edges. */
    public long skippedRecords() {
        return skippedRecords.get();
    }

    /** Profile (or parked-count) items updated. */
    public long counterWrites() {
        return counterWrites.get();
    }

    public long transactions() {
        return transactions.get();
    }

    /** Every item written by those transactions: counters, checkpoint, journal parts. */
    public long itemsWritten() {
        return itemsWritten.get();
    }

    public long reads() {
        return reads.get();
    }

    /** Deltas parked for users without a profile. */
    public long parkedDeltas() {
        return parked.get();
    }

    /** Counts that would have gone negative and were set to zero instead. */
    public long clampedCounts() {
        return clamped.get();
    }
}
