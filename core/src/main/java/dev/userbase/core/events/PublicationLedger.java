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
        /** Another attempt claimed it and has not finished: try again when that claim lapses. */
        IN_FLIGHT
    }

    /**
     * What {@link #claim} found, and for {@link Claim#IN_FLIGHT} when that claim lapses
     * ({@code null} if it never does by itself).
     */
    record ClaimResult(Claim claim, Instant lapsesAt) {

        public static final ClaimResult CLAIMED = new ClaimResult(Claim.CLAIMED, null);
        public static final ClaimResult ALREADY_PUBLISHED = new ClaimResult(Claim.ALREADY_PUBLISHED, null);

        public static ClaimResult inFlightUntil(Instant lapsesAt) {
            return new ClaimResult(Claim.IN_FLIGHT, lapsesAt);
        }
    }

    /**
     * Claims an event for publishing.
     *
     * @param lapsesAt when the claim lapses if the caller dies without {@link #published} or
     *     {@link #release}; a later claim of the event takes over from then on
     */
    ClaimResult claim(String eventId, Instant now, Instant lapsesAt);

    /** The claimed event reached the bus. */
    void published(String eventId, Instant now);

    /** The claimed event could not be published: let a later attempt claim it. */
    void release(String eventId, Throwable cause);
}
