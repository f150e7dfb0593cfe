package dev.userbase.core.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.storage.Sleeper;

/**
 * Publishes a batch's events through an {@link EventSink}, at least once each, never out of order
 * for one user, at most once within the idempotency window ({@link PublicationLedger}).
 *
 * <p>Events wait in one queue per user ({@link DomainEvent#userId()}), in stream order. Each PutEvents
 * call takes at most one event from each queue (up to 10 entries and 256 KB), so a user's later
 * event is never sent before an earlier one was accepted: if entries of one call could belong to the
 * same user, EventBridge might accept the second and refuse the first. Refused entries (their
 * {@code ErrorCode}) and failed calls are retried with exponential backoff and jitter; an event that
 * still fails after {@link PublisherSettings#maxAttempts()} (or when the invocation's deadline
 * nears) fails, and so does everything queued behind it for that user, so the stream record is
 * retried and nothing of that user overtakes it. Other users carry on.
 *
 * <p>The ledger calls of one PutEvents call's entries (claim before, "published" after) run in
 * parallel on {@code ledgerCalls}: they are independent items, and run one after another they
 * would cost two store round trips per event.
 */
public final class EventPublisher {

    private static final Logger LOG = LogManager.getLogger(EventPublisher.class);
    /** EventBridge adds this to an entry's size when it carries a {@code Time}. */
    private static final int TIME_BYTES = 14;

    /**
     * What happened to the events of a batch, by event id.
     *
     * @param published reached the bus now or before (within the idempotency window)
     * @param failed not published: failed after retries, in flight elsewhere, or queued behind a failure of the same user
     */
    public record Result(Set<String> published, Set<String> failed) {
    }

    private final EventSink sink;
    private final PublicationLedger ledger;
    private final PublisherSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Random jitter;
    private final Executor ledgerCalls;

    /**
     * @param ledgerCalls runs the ledger calls of one PutEvents call concurrently (at least
     *     {@link EventSink#MAX_ENTRIES} threads pays off; {@code Runnable::run} runs them in turn)
     */
    public EventPublisher(EventSink sink, PublicationLedger ledger, PublisherSettings settings, Clock clock,
            Sleeper sleeper, Random jitter, Executor ledgerCalls) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.ledgerCalls = Objects.requireNonNull(ledgerCalls, "ledgerCalls");
    }

    /** The size EventBridge counts for an entry: Source, DetailType, Detail (UTF-8) and the Time. */
    public static int entrySize(String source, DomainEvent event) {
        return utf8(source) + utf8(event.detailType().wireName()) + utf8(event.detailJson()) + TIME_BYTES;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private final class Pending {
        final DomainEvent event;
        final int size;
        int attempts;
        boolean claimed;
        Instant notBefore = Instant.MIN;

        Pending(DomainEvent event) {
            this.event = event;
            this.size = entrySize(sink.source(), event);
        }
    }

    /** The outcome of claiming one event: a claim, or the failure to claim it. */
    private record ClaimOutcome(PublicationLedger.ClaimResult result, RuntimeException failure) {
    }

    /**
     * Publishes {@code events}, given in stream order.
     *
     * @param deadline when the invocation must answer Lambda; retries stop {@link PublisherSettings#deadlineMargin()}
     *     before it
     */
    public Result publish(List<DomainEvent> events, Instant deadline) {
        Map<String, Deque<Pending>> queues = new LinkedHashMap<>();
        for (DomainEvent event : events) {
            queues.computeIfAbsent(event.userId(), key -> new ArrayDeque<>()).add(new Pending(event));
        }
        Set<String> published = new LinkedHashSet<>();
        Set<String> failed = new LinkedHashSet<>();
        Instant stopRetrying = deadline.minus(settings.deadlineMargin());

        while (true) {
            Instant now = clock.instant();
            List<Pending> call = new ArrayList<>();
            Instant nextReady = fillCall(queues, call, now, deadline, published, failed);
            if (call.isEmpty()) {
                if (nextReady == null) {
                    break; // every queue is done
                }
                if (nextReady.isAfter(stopRetrying)) {
                    queues.values().forEach(queue -> failQueue(queue, failed, new IllegalStateException(
                            "no time left before the invocation's deadline")));
                    break;
                }
                pause(Duration.between(now, nextReady));
                continue;
            }
            send(call, queues, published, failed, stopRetrying);
        }
        return new Result(Collections.unmodifiableSet(published), Collections.unmodifiableSet(failed));
    }

    /**
     * Chooses the next call's entries: the head of each queue that is ready, in queue order, claimed.
     * A head published before is dropped and its queue offers its next event in another round.
     *
     * @return when the next waiting head is ready, or {@code null} if none waits
     */
    private Instant fillCall(Map<String, Deque<Pending>> queues, List<Pending> call, Instant now, Instant deadline,
            Set<String> published, Set<String> failed) {
        Set<Deque<Pending>> contributing = new HashSet<>();
        Instant nextReady = null;
        long bytes = 0;
        boolean again = true;
        while (again && call.size() < EventSink.MAX_ENTRIES) {
            again = false;
            List<Pending> candidates = new ArrayList<>();
            long candidateBytes = bytes;
            for (Deque<Pending> queue : queues.values()) {
                if (contributing.contains(queue) || queue.isEmpty()) {
                    continue;
                }
                if (call.size() + candidates.size() == EventSink.MAX_ENTRIES) {
                    break;
                }
                Pending head = queue.peek();
                if (head.size > EventSink.MAX_REQUEST_BYTES) {
                    LOG.error("event {} ({}) is {} bytes, over EventBridge's limit: it cannot be published",
                            head.event.eventId(), head.event.detailType(), head.size);
                    failQueue(queue, failed, null);
                    continue;
                }
                if (head.notBefore.isAfter(now)) {
                    nextReady = nextReady == null || head.notBefore.isBefore(nextReady) ? head.notBefore : nextReady;
                    continue;
                }
                if (candidateBytes + head.size > EventSink.MAX_REQUEST_BYTES) {
                    continue; // the next call
                }
                candidates.add(head);
                candidateBytes += head.size;
            }
            List<ClaimOutcome> outcomes = claimAll(candidates, now, deadline);
            Instant waitLimit = deadline.minus(settings.deadlineMargin());
            for (int i = 0; i < candidates.size(); i++) {
                Pending head = candidates.get(i);
                Deque<Pending> queue = queues.get(head.event.userId());
                ClaimOutcome outcome = outcomes.get(i);
                if (outcome.failure() != null) {
                    LOG.warn("could not claim event {} in the idempotency store: {}", head.event.eventId(),
                            outcome.failure().toString());
                    failQueue(queue, failed, null);
                    continue;
                }
                switch (outcome.result().claim()) {
                    case CLAIMED -> {
                        head.claimed = true;
                        call.add(head);
                        bytes += head.size;
                        contributing.add(queue);
                    }
                    case ALREADY_PUBLISHED -> {
                        published.add(head.event.eventId());
                        queue.poll();
                        again = true; // its next event may join this call
                    }
                    case IN_FLIGHT -> {
                        // Only an attempt that died holds a claim another invocation of the shard meets:
                        // wait for the claim to lapse and take over, rather than fail the record again.
                        Instant lapsesAt = outcome.result().lapsesAt();
                        if (lapsesAt != null && lapsesAt.isBefore(waitLimit)) {
                            head.notBefore = lapsesAt.plusMillis(1);
                            nextReady = nextReady == null || head.notBefore.isBefore(nextReady) ? head.notBefore : nextReady;
                        } else {
                            LOG.warn("event {} is claimed by another attempt until {}; its record will be retried",
                                    head.event.eventId(), lapsesAt);
                            failQueue(queue, failed, null);
                        }
                    }
                    default -> throw new IllegalStateException("unknown claim " + outcome.result());
                }
            }
        }
        return nextReady;
    }

    /** Claims the heads not claimed yet, concurrently; heads claimed in an earlier round keep their claim. */
    private List<ClaimOutcome> claimAll(List<Pending> candidates, Instant now, Instant deadline) {
        List<CompletableFuture<ClaimOutcome>> futures = new ArrayList<>();
        for (Pending head : candidates) {
            if (head.claimed) {
                futures.add(CompletableFuture.completedFuture(new ClaimOutcome(PublicationLedger.ClaimResult.CLAIMED, null)));
                continue;
            }
            Instant lapsesAt = now.plus(settings.claimLifetime());
            Instant claimLapse = lapsesAt.isBefore(deadline) ? lapsesAt : deadline;
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return new ClaimOutcome(ledger.claim(head.event.eventId(), now, claimLapse), null);
                } catch (RuntimeException e) {
                    return new ClaimOutcome(null, e);
                }
            }, ledgerCalls));
        }
        return futures.stream().map(EventPublisher::join).toList();
    }

    private void send(List<Pending> call, Map<String, Deque<Pending>> queues, Set<String> published, Set<String> failed,
            Instant stopRetrying) {
        List<EventSink.EntryResult> results;
        RuntimeException callFailure = null;
        try {
            results = sink.put(call.stream().map(p -> p.event).toList());
            if (results.size() != call.size()) {
                throw new IllegalStateException("the bus answered " + results.size() + " results for " + call.size() + " entries");
            }
        } catch (RuntimeException e) {
            callFailure = e;
            results = Collections.nCopies(call.size(), EventSink.EntryResult.failed("CallFailed", e.toString()));
        }
        Instant now = clock.instant();
        List<CompletableFuture<Void>> remembered = new ArrayList<>();
        for (int i = 0; i < call.size(); i++) {
            Pending pending = call.get(i);
            Deque<Pending> queue = queues.get(pending.event.userId());
            EventSink.EntryResult result = results.get(i);
            if (result.accepted()) {
                queue.poll();
                published.add(pending.event.eventId());
                remembered.add(CompletableFuture.runAsync(() -> remember(pending.event.eventId(), now), ledgerCalls));
                continue;
            }
            pending.attempts++;
            Instant retryAt = now.plus(withJitter(settings.backoff(pending.attempts)));
            if (pending.attempts >= settings.maxAttempts() || retryAt.isAfter(stopRetrying)) {
                LOG.warn("event {} ({}) not published after {} attempt(s): {} {}", pending.event.eventId(),
                        pending.event.detailType(), pending.attempts, result.errorCode(), result.errorMessage());
                failQueue(queue, failed, callFailure != null ? callFailure
                        : new IllegalStateException(result.errorCode() + ": " + result.errorMessage()));
            } else {
                pending.notBefore = retryAt;
            }
        }
        remembered.forEach(EventPublisher::join);
    }

    private void remember(String eventId, Instant now) {
        try {
            ledger.published(eventId, now);
        } catch (RuntimeException e) {
            // published, but not remembered: a redelivery may publish it once more (same event id)
            LOG.warn("event {} published, but the idempotency store did not record it: {}", eventId, e.toString());
        }
    }

    /** The head failed: release its claim; it and every later event of its user fail. */
    private void failQueue(Deque<Pending> queue, Set<String> failed, Throwable cause) {
        Pending head = queue.peek();
        if (head != null && head.claimed) {
            try {
                ledger.release(head.event.eventId(), cause == null ? new IllegalStateException("not published") : cause);
            } catch (RuntimeException e) {
                LOG.warn("could not release the claim on event {}: {}", head.event.eventId(), e.toString());
            }
        }
        queue.forEach(p -> failed.add(p.event.eventId()));
        queue.clear();
    }

    private Duration withJitter(Duration backoff) {
        long millis = backoff.toMillis();
        return Duration.ofMillis(millis / 2 + (millis > 1 ? jitter.nextLong(millis / 2 + 1) : 0));
    }

    private void pause(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry events", e);
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error; // not ours to handle, as if it had happened on this thread
            }
            throw e;
        }
    }
}
