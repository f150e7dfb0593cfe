package dev.userbase.core.reconcile;

/**
 * What a reconcile did, counted per user since the run started (a resumed run keeps the counts of
 * the invocations before it). {@code checked = agreed + corrected + unsettled + busy + pending}.
 *
 * @param checked users observed
 * @param agreed users whose counts equal their edges (at once, or once the pipeline caught up)
 * @param corrected users whose drift was corrected
 * @param absoluteDrift the sum over corrected users of |follower drift| + |following drift|
 * @param unsettled users whose counts, counter writes or edges moved between the observations, who
 *     have counts parked, or whose profile went away: nothing written, left for the next run
 * @param busy users to whom a counter write was applied between the second observation and the
 *     correction (its condition failed): nothing written, left for the next run
 * @param pending users whose drift was seen and whose second observation is still to come (a run
 *     that stopped for its time budget; the next invocation resumes them)
 * @param complete every user was observed and decided; false: invoke again to resume
 */
public record ReconcileReport(long checked, long agreed, long corrected, long absoluteDrift, long unsettled,
        long busy, long pending, boolean complete) {

    public static ReconcileReport empty() {
        return new ReconcileReport(0, 0, 0, 0, 0, 0, 0, false);
    }

    /** The sum of both reports' counts; {@code pending} and {@code complete} are this one's. */
    public ReconcileReport plus(ReconcileReport other) {
        return new ReconcileReport(checked + other.checked, agreed + other.agreed, corrected + other.corrected,
                absoluteDrift + other.absoluteDrift, unsettled + other.unsettled, busy + other.busy, pending, complete);
    }

    public ReconcileReport withPending(long candidates, boolean done) {
        return new ReconcileReport(checked, agreed, corrected, absoluteDrift, unsettled, busy, candidates, done);
    }

    static ReconcileReport oneChecked() {
        return new ReconcileReport(1, 0, 0, 0, 0, 0, 0, false);
    }

    static ReconcileReport oneAgreed() {
        return new ReconcileReport(0, 1, 0, 0, 0, 0, 0, false);
    }

    static ReconcileReport oneCorrected(long drift) {
        return new ReconcileReport(0, 0, 1, drift, 0, 0, 0, false);
    }

    static ReconcileReport oneUnsettled() {
        return new ReconcileReport(0, 0, 0, 0, 1, 0, 0, false);
    }

    static ReconcileReport oneBusy() {
        return new ReconcileReport(0, 0, 0, 0, 0, 1, 0, false);
    }
}
