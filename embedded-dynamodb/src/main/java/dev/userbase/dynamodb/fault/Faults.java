package dev.userbase.dynamodb.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the engine is told to get wrong, for tests that prove a client loses nothing and duplicates
 * nothing when DynamoDB misbehaves: the next N calls of an operation (or a fraction of them) fail
 * with a given error, or are delayed. A fault {@linkplain Rule#afterApplying() after applying}
 * makes the change and then answers with the error: the acknowledgement is lost, as when a
 * connection drops after DynamoDB committed.
 *
 * <p>Rules are checked in the order added; the first that applies to a call decides its fate.
 */
public final class Faults {

    /** What a rule does to a call it matches. */
    public record Effect(Optional<FaultKind> error, Duration latency, boolean afterApplying) {
    }

    /**
     * One rule.
     *
     * @param operation the operation name (PutItem, TransactWriteItems, GetRecords, …) or {@code *}
     * @param count how many calls it still applies to; -1 for no limit (with a fraction)
     * @param fraction the share of matching calls it applies to (1 for all)
     */
    public record Rule(long id, String operation, FaultKind error, Duration latency, long count, double fraction,
            boolean afterApplying) {
    }

    private final CopyOnWriteArrayList<MutableRule> rules = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong injected = new AtomicLong();
    private SplittableRandom random = new SplittableRandom(42);

    private final class MutableRule {
        final long id;
        final String operation;
        final FaultKind error;
        final Duration latency;
        final AtomicLong remaining;
        final double fraction;
        final boolean after;

        MutableRule(String operation, FaultKind error, Duration latency, long count, double fraction, boolean after) {
            this.id = ids.incrementAndGet();
            this.operation = operation;
            this.error = error;
            this.latency = latency;
            this.remaining = new AtomicLong(count);
            this.fraction = fraction;
            this.after = after;
        }

        Rule view() {
            return new Rule(id, operation, error, latency, remaining.get(), fraction, after);
        }
    }

    /** The next {@code count} calls of {@code operation} fail with {@code error} before any change is made. */
    public Rule failNext(String operation, int count, FaultKind error) {
        return add(operation, error, Duration.ZERO, count, 1, false);
    }

    /** The next {@code count} calls of {@code operation} make their change, then answer with {@code error}. */
    public Rule failNextAfterApplying(String operation, int count, FaultKind error) {
        return add(operation, error, Duration.ZERO, count, 1, true);
    }

    /** A share of the calls of {@code operation} fail with {@code error}, until cleared. */
    public Rule failFraction(String operation, double fraction, FaultKind error) {
        return add(operation, error, Duration.ZERO, -1, fraction, false);
    }

    /** Every call of {@code operation} (or the next {@code count}, when positive) is delayed by {@code latency}. */
    public Rule delay(String operation, Duration latency, int count) {
        return add(operation, null, latency, count > 0 ? count : -1, 1, false);
    }

    /** Adds a rule in full generality (the HTTP control API uses this). */
    public Rule add(String operation, FaultKind error, Duration latency, long count, double fraction, boolean afterApplying) {
        if (error == null && latency.isZero()) {
            throw new IllegalArgumentException("a fault needs an error or a latency");
        }
        if (fraction <= 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be in (0, 1]");
        }
        if (count == 0 || count < -1) {
            throw new IllegalArgumentException("count must be positive, or -1 for no limit");
        }
        MutableRule rule = new MutableRule(operation == null ? "*" : operation, error, latency, count, fraction, afterApplying);
        rules.add(rule);
        return rule.view();
    }

    public boolean remove(long id) {
        return rules.removeIf(r -> r.id == id);
    }

    public void clear() {
        rules.clear();
    }

    /** Seeds the choice of calls for fractional rules, for repeatable runs. */
    public synchronized void seed(long seed) {
        random = new SplittableRandom(seed);
    }

    public List<Rule> rules() {
        List<Rule> list = new ArrayList<>();
        for (MutableRule r : rules) {
            list.add(r.view());
        }
        return list;
    }

    /** How many calls a rule has affected since the engine started. */
    public long injected() {
        return injected.get();
    }

    /** The effect on one call of {@code operation}, consuming a count of the rule that applies. */
    public Optional<Effect> next(String operation) {
        for (MutableRule r : rules) {
            if (!r.operation.equals("*") && !r.operation.equals(operation)) {
                continue;
            }
            if (r.fraction < 1) {
                double draw;
                synchronized (this) {
                    draw = random.nextDouble();
                }
                if (draw >= r.fraction) {
                    continue;
                }
            }
            if (r.remaining.get() != -1) {
                long left = r.remaining.getAndUpdate(n -> n > 0 ? n - 1 : n);
                if (left <= 0) {
                    continue;
                }
                if (left == 1) {
                    rules.remove(r);
                }
            }
            injected.incrementAndGet();
            return Optional.of(new Effect(Optional.ofNullable(r.error), r.latency, r.after));
        }
        return Optional.empty();
    }
}
