package dev.userbase.core.counters;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import dev.userbase.core.model.CounterCheckpoint;
import dev.userbase.core.model.CounterJournalPart;
import dev.userbase.core.model.FollowCountDelta;
import dev.userbase.core.storage.Cancellation;
import dev.userbase.core.storage.TransactionRunner;
import dev.userbase.core.store.CounterJournal;
import dev.userbase.core.store.FollowCounts;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Step (3b), and recovery: each journal part pending on a shard applied to the profiles, chunk by
 * chunk ({@link Chunk}), the part's cursor moving with each chunk's counters; a refused chunk is read
 * ({@link ChunkRefusal}) and sent again with the writes it asks for, or the part read again when its
 * cursor moved.
 */
final class JournalApply {

    private final CounterJournal journal;
    private final FollowCounts counts;
    private final TransactionRunner runner;
    private final Clock clock;
    private final CounterStats stats;
    private final int maxTransactItems;

    JournalApply(CounterJournal journal, FollowCounts counts, TransactionRunner runner, Clock clock, CounterStats stats,
            int maxTransactItems) {
        this.journal = journal;
        this.counts = counts;
        this.runner = runner;
        this.clock = clock;
        this.stats = stats;
        this.maxTransactItems = maxTransactItems;
    }

    /** Applies every part {@code checkpoint} lists, in the order of their windows. */
    void applyPending(CounterCheckpoint checkpoint) {
        List<String> parts = new ArrayList<>(new TreeSet<>(checkpoint.pendingParts()));
        for (int i = 0; i < parts.size(); i++) {
            applyPart(checkpoint.shardId(), parts.get(i), i == parts.size() - 1);
        }
    }

    private void applyPart(String shardId, String partSortKey, boolean lastPendingPart) {
        Map<String, CounterWrite> writes = new HashMap<>();
        while (true) {
            stats.read();
            Optional<CounterJournalPart> part = journal.part(shardId, partSortKey);
            if (part.isEmpty()) {
                // applied by an attempt whose response was lost: make sure the checkpoint forgets it
                journal.forgetPart(shardId, partSortKey, lastPendingPart, clock.instant());
                return;
            }
            if (applyFromCursor(part.get(), lastPendingPart, writes)) {
                return;
            }
        }
    }

    /** @return true when the part is applied to its end; false when its cursor moved under us (read it again) */
    private boolean applyFromCursor(CounterJournalPart part, boolean lastPendingPart, Map<String, CounterWrite> writes) {
        List<Map.Entry<String, FollowCountDelta>> remaining = new ArrayList<>(part.remaining().entrySet());
        String cursor = part.cursor();
        int next = 0;
        while (true) {
            int end = Chunk.end(remaining, next, writes, maxTransactItems);
            boolean last = end == remaining.size();
            String newCursor = end > next ? remaining.get(end - 1).getKey() : cursor;
            Chunk chunk = new Chunk();
            for (Map.Entry<String, FollowCountDelta> entry : remaining.subList(next, end)) {
                addCounter(chunk, entry.getKey(), entry.getValue(),
                        writes.getOrDefault(entry.getKey(), CounterWrite.ADD));
            }
            if (last) {
                chunk.add(Chunk.Role.PART, journal.finishPart(part.shardId(), part.sortKey(), cursor));
                chunk.add(Chunk.Role.CHECKPOINT,
                        journal.releasePart(part.shardId(), part.sortKey(), lastPendingPart, clock.instant()));
            } else {
                chunk.add(Chunk.Role.PART, journal.moveCursor(part.shardId(), part.sortKey(), cursor, newCursor));
            }
            Optional<Cancellation> refused = commit(chunk, part.shardId());
            if (refused.isEmpty()) {
                stats.transaction(end - next, chunk.items().size());
                if (last) {
                    return true;
                }
                next = end;
                cursor = newCursor;
            } else if (ChunkRefusal.read(refused.get(), chunk.slots(), writes, stats) == ChunkRefusal.Outcome.PART_MOVED) {
                return false;
            }
        }
    }

    private void addCounter(Chunk chunk, String userId, FollowCountDelta delta, CounterWrite write) {
        if (write instanceof CounterWrite.Park) {
            chunk.add(Chunk.Role.PROFILE_ABSENT_CHECK, userId, delta, counts.profileAbsent(userId));
            chunk.add(Chunk.Role.PARKED, userId, delta, counts.park(userId, delta, clock.instant()));
        } else if (write instanceof CounterWrite.Clamp clamp) {
            chunk.add(Chunk.Role.COUNTER, userId, delta,
                    counts.replaceCounts(userId, clamp.followers(delta), clamp.following(delta)));
        } else {
            chunk.add(Chunk.Role.COUNTER, userId, delta, counts.addCounts(userId, delta));
        }
    }

    private Optional<Cancellation> commit(Chunk chunk, String shardId) {
        try {
            return runner.commit(chunk.items());
        } catch (TransactionCanceledException e) {
            throw new IllegalStateException("follow counter transaction kept conflicting on " + shardId + ": "
                    + Cancellation.of(e).codes(), e);
        }
    }
}
