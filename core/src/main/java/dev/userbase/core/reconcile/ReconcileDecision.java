package dev.userbase.core.reconcile;

import java.util.Optional;

/**
 * What to do about a user whose counts disagreed with the edges at a first observation, given a
 * second one taken at least the settle time later (docs/ARCHITECTURE.md, "Reconcile"). A pure
 * function of the two observations.
 */
enum ReconcileDecision {

    /** The counts equal the edges (at the first observation, or the pipeline caught up since). */
    AGREES,
    /**
     * Something moved between the observations (a counter write was applied, the counts or the
     * edges changed), counts are parked for the user, or the profile is gone: no correction is
     * proven right, so none is made; the next run looks again.
     */
    UNSETTLED,
    /** Nothing moved for the settle time: the difference is drift, and the second observation's is corrected. */
    CORRECT;

    /**
     * @param first the first observation
     * @param second the second (empty: the profile is gone)
     * @param parked counts are parked for the user (a fold into the profile is still to come)
     */
    public static ReconcileDecision decide(CountObservation first, Optional<CountObservation> second, boolean parked) {
        if (first.agrees()) {
            return AGREES;
        }
        if (second.isEmpty()) {
            return UNSETTLED;
        }
        if (second.get().agrees()) {
            return AGREES;
        }
        if (parked || !first.unchangedIn(second.get())) {
            return UNSETTLED;
        }
        return CORRECT;
    }
}
