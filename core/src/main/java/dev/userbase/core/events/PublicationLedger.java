package dev.userbase.core.events;

import java.time.Instant;

/**
 * Remembers which events were published, so a redelivered stream record does not publish its
 * events again within the idempotency window. Keyed by the event id.
 */
public interface PublicationLedger {

    /** What {@link #claim} found. */
    enum Claim {
        /** Nobody published it (or its record expired): this caller publishes it now. */
        CLAIMED,
        /** Published already, within the window: skip it. */
        ALREADY_PUBLISHED,
        /** Another attempt claimed it and may still be publishing: try again later. */
        IN_FLIGHT
    }

    /**
     * Claims an event for publishing.
     *
     * @param inFlightUntil when the claim lapses if the caller dies without {@link #published} or
     *     {@link #release} (the end of the Lambda invocation)
     */
    Claim claim(String eventId, Instant now, Instant inFlightUntil);

    /** The claimed event reached the bus. */
    void published(String eventId, Instant now);

    /** The claimed event could not be published: let a later attempt claim it. */
    void release(String eventId, Throwable cause);
}
