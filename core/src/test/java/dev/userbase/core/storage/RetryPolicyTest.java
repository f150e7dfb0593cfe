package dev.userbase.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.testing.MutableClock;

class RetryPolicyTest {

    private final List<Duration> waits = new ArrayList<>();

    /** One table of named cases, run against every preset (as the SDK tests its retry strategies). */
    static Stream<Arguments> presets() {
        return Stream.of(
                Arguments.of("transactionConflicts", RetryPolicy.transactionConflicts(), 5, 10, 200),
                Arguments.of("optimisticRounds", RetryPolicy.optimisticRounds(), 5, 5, 100),
                Arguments.of("counterConflicts", RetryPolicy.counterConflicts(), 9, 20, 1280),
                Arguments.of("provisioningConflicts", RetryPolicy.provisioningConflicts(), 6, 10, 120),
                Arguments.of("auditWrites", RetryPolicy.auditWrites(), 4, 100, 400),
                Arguments.of("userPoolCalls", RetryPolicy.userPoolCalls(), 3, 50, 200),
                Arguments.of("userPoolThrottling", RetryPolicy.userPoolThrottling(), 8, 200, 10_000),
                Arguments.of("unprocessedItems", RetryPolicy.unprocessedItems(), 5, 20, 200),
                Arguments.of("apiDynamoDbCalls", RetryPolicy.apiDynamoDbCalls(), 4, 100, 400),
                Arguments.of("apiServiceCalls", RetryPolicy.apiServiceCalls(), 3, 100, 400),
                Arguments.of("none", RetryPolicy.none(), 1, 10, 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void run_whenNeverDone_triesMaxAttemptsAndWaitsBetweenThem(String name, RetryPolicy preset, int attempts,
            long initialMillis, long maxMillis) {
        RetryPolicy policy = preset.withSleeper(waits::add);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> policy.run(n -> {
            calls.incrementAndGet();
            return Optional.empty();
        }, () -> new IllegalStateException("exhausted"))).hasMessage("exhausted");

        assertThat(calls).hasValue(attempts);
        assertThat(waits).hasSize(attempts - 1);
        for (int i = 0; i < waits.size(); i++) {
            long ceiling = Math.min(maxMillis, initialMillis << i);
            assertThat(waits.get(i).toMillis()).as("wait %d", i + 1).isBetween(ceiling / 2, ceiling);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void run_whenDoneAtOnce_neverWaits(String name, RetryPolicy preset, int attempts, long initialMillis, long maxMillis) {
        String result = preset.withSleeper(waits::add).run(n -> Optional.of("ok"), IllegalStateException::new);
        assertThat(result).isEqualTo("ok");
        assertThat(waits).isEmpty();
    }

    @Test
    void backoff_isExponentialCappedWithEqualJitter() {
        RetryPolicy lowest = RetryPolicy.builder().backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .random(bound -> 0).build();
        RetryPolicy highest = lowest.toBuilder().random(bound -> bound - 1).build();

        assertThat(List.of(1, 2, 3, 4).stream().map(n -> lowest.backoffAfter(n).toMillis()).toList())
                .containsExactly(5L, 10L, 20L, 25L);
        assertThat(List.of(1, 2, 3, 4).stream().map(n -> highest.backoffAfter(n).toMillis()).toList())
                .containsExactly(10L, 20L, 40L, 50L);
        assertThat(lowest.backoffAfter(60).toMillis()).isEqualTo(25L);
    }

    @Test
    void retrying_retriesOnlyWhatThePredicateAccepts_andRethrowsTheLast() {
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(3).sleeper(waits::add).build();
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> policy.retrying(e -> e instanceof IllegalStateException, n -> {
            calls.incrementAndGet();
            throw new IllegalStateException("busy " + n);
        })).hasMessage("busy 3");
        assertThat(calls).hasValue(3);

        calls.set(0);
        assertThatThrownBy(() -> policy.retrying(e -> e instanceof IllegalStateException, n -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("bad");
        })).hasMessage("bad");
        assertThat(calls).hasValue(1);

        int succeededAt = policy.retrying(e -> true, n -> {
            if (n < 2) {
                throw new IllegalStateException();
            }
            return n;
        });
        assertThat(succeededAt).isEqualTo(2);
    }

    @Test
    void budget_stopsBeforeAnAttemptThatWouldStartTooLate() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        RetryPolicy policy = RetryPolicy.builder().maxAttempts(100).backoff(Duration.ofMillis(100), Duration.ofMillis(100))
                .random(bound -> bound - 1).budget(Duration.ofMillis(450)).clock(clock)
                .sleeper(d -> {
                    waits.add(d);
                    clock.advance(d);
                }).build();
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> policy.run(n -> {
            calls.incrementAndGet();
            return Optional.empty();
        }, () -> new IllegalStateException("out of time"))).hasMessage("out of time");

        // waits of 100 ms: attempts start at 0, 100, 200, 300, 400 ms; a sixth would start at 500 > 450
        assertThat(calls).hasValue(5);
        assertThat(waits).hasSize(4);
    }

    @Test
    void userPoolCalls_triesAQuickRefusalAgain_butNotACallThatSpentASecond() {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        RetryPolicy policy = RetryPolicy.userPoolCalls().toBuilder().clock(clock).sleeper(clock::advance).build();
        AtomicInteger quick = new AtomicInteger();
        AtomicInteger slow = new AtomicInteger();

        assertThatThrownBy(() -> policy.retrying(e -> true, n -> {
            quick.incrementAndGet();
            clock.advance(Duration.ofMillis(100));
            throw new IllegalStateException("throttled");
        })).hasMessage("throttled");
        assertThatThrownBy(() -> policy.retrying(e -> true, n -> {
            slow.incrementAndGet();
            clock.advance(Duration.ofSeconds(2)); // the API functions' Cognito client ended the call
            throw new IllegalStateException("timed out");
        })).hasMessage("timed out");

        assertThat(quick).as("refused in 100 ms: all three tries").hasValue(3);
        assertThat(slow).as("2 s spent: no second try").hasValue(1);
    }

    @Test
    void interruptedWait_restoresTheFlagAndAnswersUnavailable() {
        RetryPolicy policy = RetryPolicy.builder().sleeper(d -> {
            throw new InterruptedException();
        }).build();
        try {
            assertThatThrownBy(() -> policy.run(n -> Optional.empty(), IllegalStateException::new))
                    .isInstanceOfSatisfying(UserServiceException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void builder_refusesNonsense() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetryPolicy.builder().backoff(Duration.ofMillis(10), Duration.ofMillis(5)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
