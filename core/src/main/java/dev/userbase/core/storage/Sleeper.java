package dev.userbase.core.storage;

import java.time.Duration;

/** How a retry waits: a real sleep in production, a recorder (or nothing) in tests. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper real() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
