package dev.userbase.core.counters;

import java.util.List;

import dev.userbase.core.model.CounterCheckpoint;
import dev.userbase.core.model.ItemKind;
import dev.userbase.core.model.Keys;
import dev.userbase.core.streams.ChangeRecord;
import dev.userbase.core.streams.ChangeType;
import dev.userbase.core.streams.SequenceNumbers;

/**
 * Step (2) of a window's invocation: the running state resumed against the shard's checkpoint, and
 * the invocation's follow-edge records added to it, each once: a record at or below the checkpoint
 * (committed already) or within the state (aggregated already) is a redelivery and is skipped.
 */
final class WindowAggregation {

    private final CounterStats stats;

    WindowAggregation(CounterStats stats) {
        this.stats = stats;
    }

    /**
     * The state to aggregate into. A state whose records are all at or below the checkpoint was
     * already committed (an invocation committed it and then failed, and Lambda passed the older
     * state again): start over after the checkpoint. A state straddling the checkpoint cannot come
     * from one consumer per shard.
     */
    static CounterWindowState resume(CounterWindowState window, CounterCheckpoint checkpoint) {
        String applied = checkpoint.appliedThrough();
        if (applied == null || window.max() == null) {
            return window.max() == null ? CounterWindowState.startingAfter(applied) : window;
        }
        if (SequenceNumbers.atOrBefore(window.max(), applied)) {
            return CounterWindowState.startingAfter(applied);
        }
        // a window starts from the checkpoint it read; only a commit from elsewhere can move it past the base
        if (window.base() == null || !SequenceNumbers.atOrBefore(applied, window.base())) {
            throw new IllegalStateException("window state (" + window.base() + ", " + window.max()
                    + "] overlaps the checkpoint " + applied + ": is more than one consumer reading the shard?");
        }
        return window;
    }

    /** Adds the follow-edge INSERTs (+1) and REMOVEs (-1) among {@code records} that neither side has counted. */
    void aggregate(CounterWindowState window, CounterCheckpoint checkpoint, List<ChangeRecord> records) {
        for (ChangeRecord record : records) {
            if (add(window, checkpoint, record)) {
                stats.recordCounted();
            } else {
                stats.recordSkipped();
            }
        }
    }

    private static boolean add(CounterWindowState window, CounterCheckpoint checkpoint, ChangeRecord record) {
        if (record.kind() != ItemKind.FOLLOW_EDGE || record.type() == ChangeType.MODIFY) {
            return false;
        }
        String sequence = record.sequenceNumber();
        if (window.covers(sequence) || SequenceNumbers.atOrBefore(sequence, checkpoint.appliedThrough())) {
            return false;
        }
        String follower = Keys.userIdOf(record.partitionKey());
        String followee = record.sortKey().substring(Keys.FOLLOWS_PREFIX.length());
        long delta = record.type() == ChangeType.INSERT ? 1 : -1;
        window.add(followee, delta, 0);
        window.add(follower, 0, delta);
        window.advanceTo(sequence);
        return true;
    }
}
