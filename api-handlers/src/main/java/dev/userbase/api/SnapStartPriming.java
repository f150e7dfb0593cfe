package dev.userbase.api;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Warms an API function before Lambda SnapStart takes its snapshot: {@code beforeCheckpoint}
 * sends the handler requests that read and refuse but never write ({@link ApiHandler#prime()}),
 * so request reading, JSON, the SDK's marshallers and the HTTP connection setup are initialised in
 * the snapshot every restored instance starts from. Off Lambda nothing calls it. The CRaC context
 * holds resources weakly, so the handler keeps this object in a field.
 */
final class SnapStartPriming implements Resource {

    private static final Logger LOG = LogManager.getLogger(SnapStartPriming.class);

    private final ApiHandler handler;

    private SnapStartPriming(ApiHandler handler) {
        this.handler = handler;
    }

    static SnapStartPriming register(ApiHandler handler) {
        SnapStartPriming priming = new SnapStartPriming(handler);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        try {
            handler.prime();
            LOG.info("{} primed for the snapshot in {} ms", handler.getClass().getSimpleName(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            // a cold path after restore is better than a failed snapshot
            LOG.warn("priming failed; the snapshot is taken without it", e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to renew: the SDK resolves credentials per request
    }
}
