package dev.userbase.core.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.function.LongUnaryOperator;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;

/**
 * The one way the code retries: at most {@code maxAttempts} attempts, exponential backoff from
 * {@code initialBackoff} capped at {@code maxBackoff} with "equal jitter" (half fixed, half random,
 * so colliding writers do not collide again in lockstep), and optionally a time budget after which
 * no further attempt starts (a Cognito trigger has 5 seconds in all). The sleep, the clock and the
 * random source are replaceable, so tests see every wait without waiting.
 *
 * <p>The presets name the loops of the code; each says why its numbers are what they are.
 */
public final class RetryPolicy {

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration budget;
    private final Sleeper sleeper;
    private final Clock clock;
    private final LongUnaryOperator random;

    private RetryPolicy(Builder builder) {
        if (builder.maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (builder.initialBackoff.isNegative() || builder.maxBackoff.compareTo(builder.initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be 0 <= initial <= max");
        }
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.budget = builder.budget;
        this.sleeper = builder.sleeper;
        this.clock = builder.clock;
        this.random = builder.random;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One attempt, no retry. */
    public static RetryPolicy none() {
        return builder().maxAttempts(1).build();
    }

    /**
     * Transactions cancelled by a conflicting transaction on the same items (two requests for one
     * user): the conflict clears within milliseconds, so a few short waits.
     */
    public static RetryPolicy transactionConflicts() {
        return builder().maxAttempts(5).backoff(Duration.ofMillis(10), Duration.ofMillis(200)).build();
    }

    /**
     * Optimistic writes that lost a race (a version or a state moved between read and write): read
     * again and decide again; a handful of rounds is plenty unless something is badly wrong.
     */
    public static RetryPolicy optimisticRounds() {
        return builder().maxAttempts(5).backoff(Duration.ofMillis(5), Duration.ofMillis(100)).build();
    }

    /**
     * The sign-up path's transactions (email reservation and profile) that collided with another
     * writer of the same address or user: one more try than {@link #transactionConflicts} (two
     * triggers of one sign-up often collide), with shorter waits, since a trigger has 5 seconds.
     */
    public static RetryPolicy provisioningConflicts() {
        return builder().maxAttempts(6).backoff(Duration.ofMillis(10), Duration.ofMillis(120)).build();
    }

    /**
     * The follow counter's transactions (a chunk of counters with its journal cursor, a window's
     * commit) cancelled by a conflicting writer of a profile (an API write, the reconcile job, the
     * counter of another shard): a background function with minutes to spare, so eight more tries,
     * waits doubling from 20 ms to about a second, before the invocation fails and Lambda retries it.
     */
    public static RetryPolicy counterConflicts() {
        return builder().maxAttempts(9).backoff(Duration.ofMillis(20), Duration.ofMillis(1280)).build();
    }

    /** A batch read or write whose unprocessed keys come back under throttling. */
    public static RetryPolicy unprocessedItems() {
        return builder().maxAttempts(5).backoff(Duration.ofMillis(20), Duration.ofMillis(200)).build();
    }

    /**
     * Audit entries left unprocessed by a throttled {@code BatchWriteItem} in the change stream:
     * it has time (a background function), and an entry still unwritten fails its record, which
     * Lambda redelivers.
     */
    public static RetryPolicy auditWrites() {
        return builder().maxAttempts(4).backoff(Duration.ofMillis(100), Duration.ofMillis(400)).build();
    }

    /**
     * Cognito admin calls of a request's step (a status's Cognito state, an email change's address)
     * that failed as unavailable (throttled, 5xx, out of time): the SDK has retried already, so two
     * more tries a little later, then the caller's error. No try starts a second after the first:
     * a quick refusal is tried again, a call that spent its {@link #apiServiceCalls()} budget is
     * not, so one step ends within about 3 s.
     */
    public static RetryPolicy userPoolCalls() {
        return builder().maxAttempts(3).backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .budget(Duration.ofSeconds(1)).build();
    }

    /**
     * Cognito's request-rate quota met by a long job (the backfill's {@code ListUsers} pages): the
     * quota is per account, so the waits grow long (to 10 s) and there are eight tries a page.
     */
    public static RetryPolicy userPoolThrottling() {
        return builder().maxAttempts(8).backoff(Duration.ofMillis(200), Duration.ofSeconds(10)).build();
    }

    /**
     * The DynamoDB calls of the API functions, as the SDK's retry strategy and call timeout
     * ({@code AwsClients#forApiFunctions}): the SDK's own DynamoDB retries (9 attempts, throttled
     * waits from 0.5 s doubling to 20 s) spend 36 to 72 s on a call that stays throttled, past the
     * functions' 10 s timeout and API Gateway's 29 s, where the client gets a 504 and no word on
     * whether the write happened. Four attempts with waits doubling from 100 to 400 ms (at most
     * 0.7 s in all) still absorb a short burst of throttling; a call still throttled then answers
     * the documented 503 with {@code Retry-After}. The budget ends a call, its attempts included,
     * after 2 s however slow DynamoDB is, so a request of a few calls answers well inside 10 s.
     */
    public static RetryPolicy apiDynamoDbCalls() {
        return builder().maxAttempts(4).backoff(Duration.ofMillis(100), Duration.ofMillis(400))
                .budget(Duration.ofSeconds(2)).build();
    }

    /**
     * The API functions' calls to AWS services other than DynamoDB (Cognito, SES), as the SDK's retry
     * strategy and call timeout ({@code AwsClients#forApiFunctions}): the SDK's own clients have no
     * call timeout (a Cognito that does not answer held a call for 122 s: three attempts at the HTTP
     * client's 30 s read timeout) and wait up to 20 s between throttled attempts, so a request could
     * outlive the functions' 10 s and answer API Gateway's 5xx instead of its 503. Three attempts
     * with waits doubling from 100 to 400 ms, and 2 s a call, attempts included.
     */
    public static RetryPolicy apiServiceCalls() {
        return builder().maxAttempts(3).backoff(Duration.ofMillis(100), Duration.ofMillis(400))
                .budget(Duration.ofSeconds(2)).build();
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** The time after which no attempt starts, if the policy has one. */
    public Optional<Duration> budget() {
        return Optional.ofNullable(budget);
    }

    public RetryPolicy withSleeper(Sleeper replacement) {
        return toBuilder().sleeper(replacement).build();
    }

    public RetryPolicy withMaxAttempts(int attempts) {
        return toBuilder().maxAttempts(attempts).build();
    }

    public Builder toBuilder() {
        return new Builder().maxAttempts(maxAttempts).backoff(initialBackoff, maxBackoff).budget(budget)
                .sleeper(sleeper).clock(clock).random(random);
    }

    /**
     * The wait after attempt {@code failedAttempt} (1-based) failed: {@code d/2 + random(0..d/2)}
     * where {@code d = min(max, initial * 2^(failedAttempt-1))}.
     */
    public Duration backoffAfter(int failedAttempt) {
        long initial = initialBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        long exponential = initial << Math.min(Math.max(failedAttempt - 1, 0), 20);
        long ceiling = Math.min(cap, exponential < 0 ? cap : exponential);
        long half = ceiling / 2;
        return Duration.ofMillis(half + (ceiling - half == 0 ? 0 : random.applyAsLong(ceiling - half + 1)));
    }

    /**
     * Runs {@code attempt} until it returns a result: an empty result asks for another attempt, and
     * when none is left (attempts or budget) the exception {@code exhausted} supplies is thrown.
     */
    public <T> T run(IntFunction<Optional<T>> attempt, Supplier<? extends RuntimeException> exhausted) {
        Instant start = clock.instant();
        for (int number = 1; ; number++) {
            Optional<T> result = attempt.apply(number);
            if (result.isPresent()) {
                return result.get();
            }
            if (!pauseBefore(number + 1, start)) {
                throw exhausted.get();
            }
        }
    }

    /**
     * Runs {@code attempt}, retrying when it throws an exception {@code retryable} accepts; the last
     * such exception is rethrown when no attempt is left. Other exceptions pass through at once.
     */
    public <T> T retrying(Predicate<? super RuntimeException> retryable, IntFunction<T> attempt) {
        Instant start = clock.instant();
        for (int number = 1; ; number++) {
            try {
                return attempt.apply(number);
            } catch (RuntimeException e) {
                if (!retryable.test(e) || !pauseBefore(number + 1, start)) {
                    throw e;
                }
            }
        }
    }

    /**
     * For a loop that keeps its own shape: waits before attempt {@code nextAttempt} and returns true,
     * or returns false at once if that attempt would exceed the attempts or the budget.
     */
    public boolean pauseBefore(int nextAttempt, Instant start) {
        if (nextAttempt > maxAttempts) {
            return false;
        }
        Duration wait = backoffAfter(nextAttempt - 1);
        if (budget != null && Duration.between(start, clock.instant()).plus(wait).compareTo(budget) >= 0) {
            return false;
        }
        try {
            if (!wait.isZero()) {
                sleeper.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserServiceException(ErrorKind.UNAVAILABLE, "Interrupted; please try again", e);
        }
        return true;
    }

    /** The instant a loop using {@link #pauseBefore} starts at, on this policy's clock. */
    public Instant start() {
        return clock.instant();
    }

    @Override
    public String toString() {
        return "RetryPolicy[" + maxAttempts + " attempts, backoff " + initialBackoff.toMillis() + ".."
                + maxBackoff.toMillis() + " ms" + (budget == null ? "" : ", budget " + budget.toMillis() + " ms") + "]";
    }

    public static final class Builder {

        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(10);
        private Duration maxBackoff = Duration.ofMillis(200);
        private Duration budget;
        private Sleeper sleeper = Sleeper.real();
        private Clock clock = Clock.systemUTC();
        private LongUnaryOperator random = bound -> ThreadLocalRandom.current().nextLong(bound);

        private Builder() {
        }

        public Builder maxAttempts(int attempts) {
            this.maxAttempts = attempts;
            return this;
        }

        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial, "initial");
            this.maxBackoff = Objects.requireNonNull(max, "max");
            return this;
        }

        /** No attempt starts once this much time has passed since the first (null: no budget). */
        public Builder budget(Duration total) {
            this.budget = total;
            return this;
        }

        public Builder sleeper(Sleeper replacement) {
            this.sleeper = Objects.requireNonNull(replacement, "sleeper");
            return this;
        }

        public Builder clock(Clock replacement) {
            this.clock = Objects.requireNonNull(replacement, "clock");
            return this;
        }

        /** The jitter source: given a bound, a number in {@code [0, bound)}. */
        public Builder random(LongUnaryOperator replacement) {
            this.random = Objects.requireNonNull(replacement, "random");
            return this;
        }

        public RetryPolicy build() {
            return new RetryPolicy(this);
        }
    }
}
