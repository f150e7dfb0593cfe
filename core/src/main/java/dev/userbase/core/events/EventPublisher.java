package dev.userbase.core.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

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
 */
public final class EventPublisher {

    private static final Logger LOG = LogManager.getLogger(EventPublisher.class);
    /** EventBridge adds this to an entry's size when it carries a {@code Time}. */
    private static final int TIME_BYTES = 14;

    /** Waits between retries; tests replace it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

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

    public EventPublisher(EventSink sink, PublicationLedger ledger, PublisherSettings settings, Clock clock,
            Sleeper sleeper, Random jitter) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    public EventPublisher(EventSink sink, PublicationLedger ledger, Clock clock) {
        this(sink, ledger, PublisherSettings.defaults(), clock, d -> Thread.sleep(d.toMillis()), new Random());
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

    /**
     * Publishes {@code events}, given in stream order.
     *
     * @param deadline when the invocation must answer Lambda; retries stop {@link PublisherSettings#deadlineMargin()} before it
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
            long bytes = 0;
            Instant nextReady = null;
            for (Deque<Pending> queue : queues.values()) {
                if (call.size() == EventSink.MAX_ENTRIES) {
                    break;
                }
                Pending head = nextPublishable(queue, now, deadline, published, failed);
                if (head == null) {
                    continue;
                }
                if (head.notBefore.isAfter(now)) {
                    nextReady = nextReady == null || head.notBefore.isBefore(nextReady) ? head.notBefore : nextReady;
                    continue;
                }
                if (bytes + head.size > EventSink.MAX_REQUEST_BYTES) {
                    continue; // next call
                }
                call.add(head);
                bytes += head.size;
            }
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

    /** The queue's head, claimed; heads published before are skipped, a head that cannot be claimed fails the queue. */
    private Pending nextPublishable(Deque<Pending> queue, Instant now, Instant deadline, Set<String> published,
            Set<String> failed) {
        while (!queue.isEmpty()) {
            Pending head = queue.peek();
            if (head.claimed) {
                return head;
            }
            if (head.size > EventSink.MAX_REQUEST_BYTES) {
                LOG.error("event {} ({}) is {} bytes, over EventBridge's limit: it cannot be published",
                        head.event.eventId(), head.event.detailType(), head.size);
                failQueue(queue, failed, null);
                return null;
            }
            PublicationLedger.Claim claim;
            try {
                claim = ledger.claim(head.event.eventId(), now, deadline); // a claim lapses with the invocation
            } catch (RuntimeException e) {
                LOG.warn("could not claim event {} in the idempotency store: {}", head.event.eventId(), e.toString());
                failQueue(queue, failed, null);
                return null;
            }
            switch (claim) {
                case ALREADY_PUBLISHED -> {
                    published.add(head.event.eventId());
                    queue.poll();
                }
                case IN_FLIGHT -> {
                    LOG.warn("event {} is being published by another attempt; its record will be retried",
                            head.event.eventId());
                    failQueue(queue, failed, null);
                    return null;
                }
                case CLAIMED -> {
                    head.claimed = true;
                    return head;
                }
                default -> throw new IllegalStateException("unknown claim " + claim);
            }
        }
        return null;
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
        for (int i = 0; i < call.size(); i++) {
            Pending pending = call.get(i);
            Deque<Pending> queue = queues.get(pending.event.userId());
            EventSink.EntryResult result = results.get(i);
            if (result.accepted()) {
                queue.poll();
                published.add(pending.event.eventId());
                try {
                    ledger.published(pending.event.eventId(), now);
                } catch (RuntimeException e) {
                    // published, but not remembered: a redelivery may publish it once more (same event id)
                    LOG.warn("event {} published, but the idempotency store did not record it: {}",
                            pending.event.eventId(), e.toString());
                }
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
}
