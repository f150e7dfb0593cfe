package dev.userbase.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand: stopped at an instant ({@link #at}), to make TTLs and expiry
 * deterministic, or running with real time plus an offset ({@link #ticking}), to step past a
 * window (an idempotency record's expiry) while time goes on. Thread-safe.
 */
public final class MutableClock extends Clock {

    private final Clock base;
    private volatile Instant fixed;
    private volatile Duration offset = Duration.ZERO;

    private MutableClock(Clock base, Instant fixed) {
        this.base = base;
        this.fixed = fixed;
    }

    public static MutableClock at(Instant instant) {
        return new MutableClock(null, instant);
    }

    public static MutableClock at(String isoInstant) {
        return at(Instant.parse(isoInstant));
    }

    /** Real (UTC system) time, moved by {@link #advance}. */
    public static MutableClock ticking() {
        return new MutableClock(Clock.systemUTC(), null);
    }

    public synchronized void advance(Duration duration) {
        if (base == null) {
            fixed = fixed.plus(duration);
        } else {
            offset = offset.plus(duration);
        }
    }

    /** Stops the clock at {@code instant} (a ticking clock stops too). */
    public synchronized void set(Instant instant) {
        fixed = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        Instant stopped = fixed;
        return stopped != null ? stopped : base.instant().plus(offset);
    }
}
