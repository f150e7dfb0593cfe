package dev.userbase.triggers;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Warms a trigger before Lambda SnapStart takes its snapshot: {@code beforeCheckpoint} runs the
 * trigger's own code path against keys that never exist (no item is written), so the classes,
 * the SDK's marshallers and the HTTP connection setup are loaded and initialised in the snapshot
 * that every restored instance starts from.
 *
 * <p>Off Lambda (or on a Lambda function without SnapStart) nothing ever calls
 * {@code beforeCheckpoint}: registering is all that happens. The CRaC context holds resources
 * weakly, so the handler keeps this object in a field.
 */
final class SnapStartPriming implements Resource {

    private static final Logger LOG = LogManager.getLogger(SnapStartPriming.class);

    private final String trigger;
    private final Runnable prime;

    private SnapStartPriming(String trigger, Runnable prime) {
        this.trigger = trigger;
        this.prime = prime;
    }

    static SnapStartPriming register(String trigger, Runnable prime) {
        SnapStartPriming priming = new SnapStartPriming(trigger, prime);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    /** Runs the priming path; false (logged) if it failed, which never fails the snapshot. */
    boolean prime() {
        long start = System.nanoTime();
        try {
            prime.run();
            LOG.info("{} primed for the snapshot in {} ms", trigger, (System.nanoTime() - start) / 1_000_000);
            return true;
        } catch (RuntimeException e) {
            // a cold path after restore is better than a failed snapshot
            LOG.warn("{} priming failed; the snapshot is taken without it", trigger, e);
            return false;
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to renew: SDK clients resolve credentials per request
    }
}
