package dev.userbase.core.counters;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.model.CounterCheckpoint;
import dev.userbase.core.model.CounterJournalPart;
import dev.userbase.core.model.FollowCountDelta;
import dev.userbase.core.storage.Cancellation;
import dev.userbase.core.storage.TransactionRunner;
import dev.userbase.core.store.CounterJournal;
import dev.userbase.core.streams.SequenceNumbers;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Step (3a) at a window's end: one transaction writes the window's deltas as journal parts of
 * bounded size and moves the checkpoint to the window's last record, from where it was read.
 */
final class JournalCommit {

    private static final Logger LOG = LogManager.getLogger(FollowCounterService.class);
    /** What a user's entry adds to a part beyond its id: the encoded deltas and the map's punctuation. */
    static final long ENTRY_OVERHEAD_BYTES = 24;

    private final CounterJournal journal;
    private final TransactionRunner runner;
    private final Clock clock;
    private final CounterStats stats;
    private final long partBytes;

    JournalCommit(CounterJournal journal, TransactionRunner runner, Clock clock, CounterStats stats, long partBytes) {
        this.journal = journal;
        this.runner = runner;
        this.clock = clock;
        this.stats = stats;
        this.partBytes = partBytes;
    }

    /**
     * Commits {@code window} on top of {@code checkpoint}.
     *
     * @return false when nothing was to commit (no count changes, or the checkpoint covers the window)
     * @throws IllegalStateException the checkpoint moved elsewhere, or conflicts outlasted the retries
     */
    boolean commit(CounterCheckpoint checkpoint, CounterWindowState window) {
        SortedMap<String, FollowCountDelta> deltas = window.nonZeroDeltas();
        if (deltas.isEmpty() || window.max() == null
                || SequenceNumbers.atOrBefore(window.max(), checkpoint.appliedThrough())) {
            return false; // nothing changes a count: re-aggregating these records later yields nothing either
        }
        String shardId = checkpoint.shardId();
        String through = window.max();
        List<CounterJournalPart> parts = split(shardId, through, deltas, partBytes);
        List<TransactWriteItem> items = journal.commitItems(checkpoint, through, parts, clock.instant());
        Optional<Cancellation> refused;
        try {
            refused = runner.commit(items);
        } catch (TransactionCanceledException e) {
            refused = Optional.of(Cancellation.of(e)); // conflicts outlasted the retries
        }
        if (refused.isEmpty()) {
            stats.transaction(0, items.size());
        } else {
            // An earlier attempt may have committed (its response lost, the SDK retried): then the
            // checkpoint already stands at this window's end and its parts are pending.
            stats.read();
            CounterCheckpoint now = journal.checkpoint(shardId);
            if (now.appliedThrough() == null || !SequenceNumbers.atOrBefore(through, now.appliedThrough())) {
                throw new IllegalStateException("could not commit follow counts through " + through
                        + " on " + shardId + ": " + refused.get().codes(), refused.get().cause());
            }
        }
        LOG.debug("committed follow counts of {} users through {} on {} in {} part(s)",
                deltas.size(), through, shardId, parts.size());
        return true;
    }

    /**
     * The window's deltas as journal parts of at most {@code partBytes} each (estimated; a part
     * holds at least one user), in user id order, numbered from 0.
     */
    static List<CounterJournalPart> split(String shardId, String through, SortedMap<String, FollowCountDelta> deltas,
            long partBytes) {
        List<CounterJournalPart> parts = new ArrayList<>();
        TreeMap<String, FollowCountDelta> current = new TreeMap<>();
        long bytes = 0;
        for (Map.Entry<String, FollowCountDelta> entry : deltas.entrySet()) {
            long size = entry.getKey().length() + ENTRY_OVERHEAD_BYTES;
            if (!current.isEmpty() && bytes + size > partBytes) {
                parts.add(new CounterJournalPart(shardId, CounterJournalPart.sortKey(through, parts.size()), current, ""));
                current = new TreeMap<>();
                bytes = 0;
            }
            current.put(entry.getKey(), entry.getValue());
            bytes += size;
        }
        parts.add(new CounterJournalPart(shardId, CounterJournalPart.sortKey(through, parts.size()), current, ""));
        return parts;
    }
}
