package dev.userbase.core.events;

import java.util.List;

/**
 * Where events go: one call puts up to {@link #MAX_ENTRIES} events of at most
 * {@link #MAX_REQUEST_BYTES} together (EventBridge PutEvents). Implementations add the source and
 * bus; the stream handlers' implementation is the EventBridge client.
 */
public interface EventSink {

    int MAX_ENTRIES = 10;
    /** 256 KB, as EventBridge counts a request's entries (see {@link EventPublisher#entrySize}). */
    int MAX_REQUEST_BYTES = 256 * 1024;

    /** The outcome of one entry: accepted, or refused with EventBridge's error code. */
    record EntryResult(String errorCode, String errorMessage) {

        public static final EntryResult ACCEPTED = new EntryResult(null, null);

        public static EntryResult failed(String errorCode, String errorMessage) {
            return new EntryResult(errorCode == null ? "Unknown" : errorCode, errorMessage);
        }

        public boolean accepted() {
            return errorCode == null;
        }
    }

    /** The {@code Source} of the entries this sink puts (it counts towards an entry's size). */
    String source();

    /**
     * Puts the events; returns one result per event, in order. Throws if the call as a whole
     * failed (throttled, timed out, unavailable) after the client's own retries.
     */
    List<EntryResult> put(List<DomainEvent> events);
}
