package dev.userbase.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.testing.MutableClock;

/** The publishing rules, against an in-memory bus and ledger. */
class EventPublisherTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private final MutableClock clock = MutableClock.at(T0);
    private final FakeBus bus = new FakeBus();
    private final MemoryLedger ledger = new MemoryLedger();
    private final PublisherSettings settings = new PublisherSettings(3, Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(20));
    private final List<Duration> sleeps = new ArrayList<>();
    private final EventPublisher publisher = new EventPublisher(bus, ledger, settings, clock,
            d -> { sleeps.add(d); clock.advance(d); }, new Random(1), Runnable::run);

    /** Two events of ann, one of bob: what the tests of a refused entry publish. */
    private final DomainEvent first = event("ann", 1);
    private final DomainEvent second = event("ann", 2);
    private final DomainEvent other = event("bob", 3);

    @Test
    void publish_putsAtMostTenEntriesAndOneEventPerUserPerCall() {
        List<DomainEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            events.add(event("user-" + i, i));
        }
        events.add(event("user-0", 100)); // a second event of user-0

        EventPublisher.Result result = publisher.publish(events, T0.plusSeconds(60));

        assertThat(result.published()).hasSize(13);
        assertThat(result.failed()).isEmpty();
        assertThat(bus.calls).extracting(List::size).containsExactly(10, 3);
        bus.calls.forEach(call -> assertThat(call.stream().map(DomainEvent::userId).distinct().count()).isEqualTo(call.size()));
        assertThat(bus.accepted.indexOf(events.get(0))).isLessThan(bus.accepted.indexOf(events.get(12)));
    }

    @Test
    void publish_keepsRequestsUnder256KB() {
        List<DomainEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(bigEvent("user-" + i, 100_000));
        }

        publisher.publish(events, T0.plusSeconds(60));

        assertThat(bus.calls).extracting(List::size).containsExactly(2, 2, 1);
        bus.calls.forEach(call -> assertThat(call.stream().mapToInt(e -> EventPublisher.entrySize(bus.source(), e)).sum())
                .isLessThanOrEqualTo(EventSink.MAX_REQUEST_BYTES));
    }

    private EventPublisher.Result publishTwoOfAnnAndOneOfBob() {
        return publisher.publish(List.of(first, second, other), T0.plusSeconds(60));
    }

    @Test
    void refusedEntry_isRetriedWithBackoff_andKeepsItsUsersOrder() {
        bus.failTimes(first.eventId(), 2, "ThrottlingException");

        EventPublisher.Result result = publishTwoOfAnnAndOneOfBob();

        assertThat(result.published()).containsExactlyInAnyOrder(first.eventId(), second.eventId(), other.eventId());
        assertThat(bus.accepted).containsSubsequence(first, second);
        assertThat(bus.accepted.indexOf(other)).isZero(); // bob did not wait for ann
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void entryFailingEveryAttempt_failsWithEverythingBehindItForThatUser_andReleasesItsClaim() {
        bus.failTimes(first.eventId(), 99, "InternalFailure");

        EventPublisher.Result result = publishTwoOfAnnAndOneOfBob();

        assertThat(result.failed()).containsExactlyInAnyOrder(first.eventId(), second.eventId());
        assertThat(result.published()).containsExactly(other.eventId());
        assertThat(bus.accepted).containsExactly(other);
        assertThat(bus.attempts(first)).isEqualTo(settings.maxAttempts());
        assertThat(ledger.state).doesNotContainKey(first.eventId()).doesNotContainKey(second.eventId());
    }

    @Test
    void wholeCallFailure_countsForEveryEntry() {
        DomainEvent event = event("ann", 1);
        bus.failCalls = 1;

        EventPublisher.Result result = publisher.publish(List.of(event), T0.plusSeconds(60));

        assertThat(result.published()).containsExactly(event.eventId());
        assertThat(bus.calls).hasSize(2);
    }

    @Test
    void claimOfADeadAttempt_isWaitedFor_andTakenOver() {
        DomainEvent event = event("ann", 1);
        ledger.state.put(event.eventId(), "in-flight");
        ledger.lapses.put(event.eventId(), T0.plusSeconds(15));

        EventPublisher.Result result = publisher.publish(List.of(event), T0.plusSeconds(60));

        assertThat(result.published()).containsExactly(event.eventId());
        assertThat(clock.instant()).isAfter(T0.plusSeconds(15));
        assertThat(ledger.state.get(event.eventId())).isEqualTo("published");
    }

    @Test
    void alreadyPublished_isSkipped_andInFlight_failsItsUser() {
        DomainEvent done = event("ann", 1);
        DomainEvent next = event("ann", 2);
        DomainEvent busy = event("bob", 3);
        DomainEvent behindBusy = event("bob", 4);
        ledger.state.put(done.eventId(), "published");
        ledger.state.put(busy.eventId(), "in-flight");

        EventPublisher.Result result = publisher.publish(List.of(done, next, busy, behindBusy), T0.plusSeconds(60));

        assertThat(bus.accepted).containsExactly(next);
        assertThat(result.published()).containsExactlyInAnyOrder(done.eventId(), next.eventId());
        assertThat(result.failed()).containsExactlyInAnyOrder(busy.eventId(), behindBusy.eventId());
    }

    @Test
    void noTimeLeft_stopsRetrying() {
        DomainEvent event = event("ann", 1);
        bus.failTimes(event.eventId(), 1, "ThrottlingException");

        EventPublisher.Result result = publisher.publish(List.of(event), T0.plusSeconds(5)); // margin is 5 s

        assertThat(result.failed()).containsExactly(event.eventId());
        assertThat(bus.calls).hasSize(1);
    }

    @Test
    void ledgerCalls_runConcurrently_withTheSameOutcome() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        try {
            SynchronizedLedger concurrentLedger = new SynchronizedLedger();
            EventPublisher concurrent = new EventPublisher(bus, concurrentLedger, settings, clock,
                    d -> clock.advance(d), new Random(1), pool);
            List<DomainEvent> events = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                events.add(event("user-" + (i % 7), i));
            }
            bus.failTimes(events.get(3).eventId(), 1, "ThrottlingException");

            EventPublisher.Result result = concurrent.publish(events, T0.plusSeconds(60));

            assertThat(result.published()).hasSize(25);
            assertThat(concurrentLedger.state.values()).containsOnly("published");
            for (int user = 0; user < 7; user++) {
                String id = "user-" + user;
                List<DomainEvent> expected = events.stream().filter(e -> e.userId().equals(id)).toList();
                assertThat(bus.accepted.stream().filter(e -> e.userId().equals(id)).toList()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- fakes ---------------------------------------------------------------------------------

    private static DomainEvent event(String user, int n) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("followerId", user);
        data.put("followeeId", "x" + n);
        return new DomainEvent(DetailType.FOLLOWED, EventIds.derive("evt-" + n, DetailType.FOLLOWED, null),
                T0, user, "c-" + n, data);
    }

    private static DomainEvent bigEvent(String user, int bytes) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("blob", "x".repeat(bytes));
        return new DomainEvent(DetailType.FOLLOWED, EventIds.derive(user, DetailType.FOLLOWED, null), T0, user, "c", data);
    }

    private static final class FakeBus implements EventSink {
        final List<List<DomainEvent>> calls = new ArrayList<>();
        final List<DomainEvent> accepted = new ArrayList<>();
        final Map<String, Integer> failuresLeft = new HashMap<>();
        final Map<String, String> codes = new HashMap<>();
        final Map<String, Integer> attempts = new HashMap<>();
        int failCalls;

        void failTimes(String eventId, int times, String code) {
            failuresLeft.put(eventId, times);
            codes.put(eventId, code);
        }

        int attempts(DomainEvent event) {
            return attempts.getOrDefault(event.eventId(), 0);
        }

        @Override
        public String source() {
            return "users.service";
        }

        @Override
        public List<EntryResult> put(List<DomainEvent> events) {
            calls.add(List.copyOf(events));
            assertThat(events).hasSizeLessThanOrEqualTo(MAX_ENTRIES);
            if (failCalls > 0) {
                failCalls--;
                throw new IllegalStateException("throttled");
            }
            List<EntryResult> results = new ArrayList<>();
            for (DomainEvent event : events) {
                attempts.merge(event.eventId(), 1, Integer::sum);
                int left = failuresLeft.getOrDefault(event.eventId(), 0);
                if (left > 0) {
                    failuresLeft.put(event.eventId(), left - 1);
                    results.add(EntryResult.failed(codes.get(event.eventId()), "injected"));
                } else {
                    accepted.add(event);
                    results.add(EntryResult.ACCEPTED);
                }
            }
            return results;
        }
    }

    private static final class SynchronizedLedger implements PublicationLedger {
        final Map<String, String> state = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        private final MemoryLedger inner = new MemoryLedger();

        @Override
        public synchronized ClaimResult claim(String eventId, Instant now, Instant inFlightUntil) {
            ClaimResult claim = inner.claim(eventId, now, inFlightUntil);
            state.putAll(inner.state);
            return claim;
        }

        @Override
        public synchronized void published(String eventId, Instant now) {
            inner.published(eventId, now);
            state.put(eventId, "published");
        }

        @Override
        public synchronized void release(String eventId, Throwable cause) {
            inner.release(eventId, cause);
            state.remove(eventId);
        }
    }

    private static final class MemoryLedger implements PublicationLedger {
        final Map<String, String> state = new LinkedHashMap<>();
        final Map<String, Instant> lapses = new HashMap<>();

        @Override
        public ClaimResult claim(String eventId, Instant now, Instant lapsesAt) {
            String current = state.get(eventId);
            if ("published".equals(current)) {
                return ClaimResult.ALREADY_PUBLISHED;
            }
            Instant lapse = lapses.get(eventId);
            if (current != null && (lapse == null || !lapse.isBefore(now))) {
                return ClaimResult.inFlightUntil(lapse);
            }
            state.put(eventId, "in-flight");
            lapses.put(eventId, lapsesAt);
            return ClaimResult.CLAIMED;
        }

        @Override
        public void published(String eventId, Instant now) {
            state.put(eventId, "published");
        }

        @Override
        public void release(String eventId, Throwable cause) {
            state.remove(eventId);
        }
    }
}
