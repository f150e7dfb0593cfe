package dev.userbase.core.reconcile;

/**
 * What a reconcile did, counted per user since the run started (a resumed run keeps the counts of
 * the invocations before it). {@code checked = agreed + corrected + unsettled + busy + pending}.
 *
 * @param checked users observed
 * @param agreed users whose counts equal their edges (at once, or once the pipeline caught up)
 * @param corrected users whose drift was corrected
 * @param absoluteDrift the sum over corrected users of |follower drift| + |following drift|
 * @param unsettled users whose counts or edges moved between the observations: left for the next run
 * @param busy users to whom a counter write was applied between the second observation and the
 *     correction (the condition failed): nothing written, left for the next run
 * @param pending users whose drift was seen and whose second observation is still to come (a run
 *     that stopped for its time budget; the next invocation resumes them)
 * @param complete every user was observed and decided; false: invoke again to resume
 */
public record ReconcileReport(long checked, long agreed, long corrected, long absoluteDrift, long unsettled,
        long busy, long pending, boolean complete) {

    public static ReconcileReport empty() {
        return new ReconcileReport(0, 0, 0, 0, 0, 0, 0, false);
    }

    ReconcileReport checked() {
        return new ReconcileReport(checked + 1, agreed, corrected, absoluteDrift, unsettled, busy, pending, complete);
    }

    ReconcileReport agreed() {
        return new ReconcileReport(checked, agreed + 1, corrected, absoluteDrift, unsettled, busy, pending, complete);
    }

    ReconcileReport corrected(long drift) {
        return new ReconcileReport(checked, agreed, corrected + 1, absoluteDrift + drift, unsettled, busy, pending,
                complete);
    }

    ReconcileReport unsettled() {
        return new ReconcileReport(checked, agreed, corrected, absoluteDrift, unsettled + 1, busy, pending, complete);
    }

    ReconcileReport busy() {
        return new ReconcileReport(checked, agreed, corrected, absoluteDrift, unsettled, busy + 1, pending, complete);
    }

    ReconcileReport withPending(long candidates, boolean done) {
        return new ReconcileReport(checked, agreed, corrected, absoluteDrift, unsettled, busy, candidates, done);
    }

    /** What this report counts beyond {@code earlier} (one invocation's share, for metrics). */
    ReconcileReport since(ReconcileReport earlier) {
        return new ReconcileReport(checked - earlier.checked, agreed - earlier.agreed, corrected - earlier.corrected,
                absoluteDrift - earlier.absoluteDrift, unsettled - earlier.unsettled, busy - earlier.busy, pending,
                complete);
    }
}
