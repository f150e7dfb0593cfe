package dev.userbase.core.counters;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.model.PendingFollowCounts;
import dev.userbase.core.storage.Cancellation;
import dev.userbase.core.store.FollowCounts;
import dev.userbase.core.store.FollowCounts.StoredCounts;

/**
 * What a chunk's refused transaction (its conditions failed; conflicts are the runner's to retry)
 * means, item by item: the part's cursor moved (an earlier attempt committed, its answer lost: read
 * the part again), or some users' writes must change: a profile that is missing parks its delta, a
 * count that would go negative is clamped at zero, and a profile that appeared since a delta was
 * parked takes it after all.
 */
final class ChunkRefusal {

    private static final Logger LOG = LogManager.getLogger(FollowCounterService.class);

    enum Outcome {
        /** Some users' writes changed: send the chunk again. */
        ADJUSTED,
        /** The part's cursor (or the part) moved under the attempt: read the part again. */
        PART_MOVED
    }

    private ChunkRefusal() {
    }

    /**
     * Reads {@code cancellation} of the chunk whose items {@code slots} describe, changing the
     * writes of the users it refused in {@code writes}.
     *
     * @throws IllegalStateException the cancellation is not one a chunk can meet (a bug or a limit)
     */
    static Outcome read(Cancellation cancellation, List<Chunk.Slot> slots, Map<String, CounterWrite> writes,
            CounterStats stats) {
        if (!cancellation.onlyConditionsFailed()) {
            throw unexpected(cancellation);
        }
        boolean adjusted = false;
        boolean partMoved = false;
        for (int i = 0; i < slots.size(); i++) {
            if (!cancellation.conditionFailedAt(i)) {
                continue;
            }
            Chunk.Slot slot = slots.get(i);
            switch (slot.role()) {
                case PART, CHECKPOINT -> partMoved = true;
                case PROFILE_ABSENT_CHECK -> {
                    writes.put(slot.userId(), CounterWrite.ADD); // the profile exists now
                    adjusted = true;
                }
                case COUNTER -> {
                    writes.put(slot.userId(), refusedCounter(slot, FollowCounts.refusedCounts(cancellation, i), stats));
                    adjusted = true;
                }
                case PARKED -> throw unexpected(cancellation); // the parked counts' update has no condition
                default -> throw new IllegalStateException("unexpected slot " + slot);
            }
        }
        if (partMoved) {
            return Outcome.PART_MOVED;
        }
        if (adjusted) {
            return Outcome.ADJUSTED;
        }
        throw unexpected(cancellation);
    }

    private static CounterWrite refusedCounter(Chunk.Slot slot, Optional<StoredCounts> found, CounterStats stats) {
        if (found.isEmpty()) {
            LOG.warn("follow counts of {} have no profile to go to: parked in {}", slot.userId(), PendingFollowCounts.SK);
            stats.parked();
            return new CounterWrite.Park();
        }
        StoredCounts counts = found.get();
        LOG.warn("follow counts of {} would go negative ({} + {}, {} + {}): set to zero; edges "
                + "predate counting or stream records were lost", slot.userId(), counts.followers(),
                slot.delta().followers(), counts.following(), slot.delta().following());
        stats.clamped();
        return new CounterWrite.Clamp(counts.followers(), counts.following());
    }

    private static IllegalStateException unexpected(Cancellation cancellation) {
        return new IllegalStateException("follow counter transaction cancelled: " + cancellation.codes(),
                cancellation.cause());
    }
}
