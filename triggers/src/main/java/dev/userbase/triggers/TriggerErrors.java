package dev.userbase.triggers;

import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.error.UserServiceException;

/**
 * The one place where a trigger's failures become what Cognito shows: a domain failure keeps its
 * caller-safe message; anything unexpected is logged with its cause and replaced by a generic one.
 */
final class TriggerErrors {

    static final String UNEXPECTED = "Something went wrong on our side; please try again";

    private static final Logger LOG = LogManager.getLogger(TriggerErrors.class);

    private TriggerErrors() {
    }

    static <T> T translate(String trigger, Supplier<T> action) {
        try {
            return action.get();
        } catch (UserServiceException e) {
            switch (e.kind()) {
                case UNAVAILABLE -> LOG.warn("{} failed: {}", trigger, e.getMessage(), e);
                default -> LOG.info("{} refused ({}): {}", trigger, e.kind(), e.getMessage());
            }
            throw new TriggerFailure(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} failed unexpectedly", trigger, e);
            throw new TriggerFailure(UNEXPECTED);
        }
    }
}
