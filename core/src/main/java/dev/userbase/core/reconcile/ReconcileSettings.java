package dev.userbase.core.reconcile;

import java.time.Duration;
import java.util.Map;

import dev.userbase.core.config.EnvironmentValues;

/**
 * How the reconcile job runs.
 *
 * @param settle the least time between a user's two observations: longer than the follow-counter
 *     pipeline's lag (its tumbling window of 120 s, its batching window of 5 s, and the iterator age
 *     of the moment) plus the followers index's replication lag (docs/ARCHITECTURE.md, "Reconcile").
 *     {@value #SETTLE_SECONDS}, default 5 minutes.
 * @param totalSegments the segments of the scan of profiles ({@value #TOTAL_SEGMENTS}, default 4):
 *     read in parallel, one thread each, each resumable from its own position in the checkpoint
 * @param pageSize items a scan page reads
 * @param maxCandidates users with drift held for their second observation, over all segments,
 *     before a segment's scan pauses to observe its own again (they are kept in the checkpoint
 *     item, which must stay under 400 KB: about 200 bytes each)
 */
public record ReconcileSettings(Duration settle, int totalSegments, int pageSize, int maxCandidates) {

    public static final String SETTLE_SECONDS = "RECONCILE_SETTLE_SECONDS";
    public static final String TOTAL_SEGMENTS = "RECONCILE_TOTAL_SEGMENTS";
    public static final Duration DEFAULT_SETTLE = Duration.ofMinutes(5);
    public static final int DEFAULT_TOTAL_SEGMENTS = 4;
    /** One thread per segment, one checkpoint item for all: a few dozen at most. */
    public static final int MAX_TOTAL_SEGMENTS = 32;
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int DEFAULT_MAX_CANDIDATES = 1_000;

    public ReconcileSettings {
        if (settle.isNegative()) {
            throw new IllegalArgumentException(SETTLE_SECONDS + " must not be negative");
        }
        if (totalSegments < 1 || totalSegments > MAX_TOTAL_SEGMENTS) {
            throw new IllegalArgumentException(TOTAL_SEGMENTS + " must be 1 to " + MAX_TOTAL_SEGMENTS);
        }
        if (pageSize < 1 || maxCandidates < 1) {
            throw new IllegalArgumentException("page size and candidates must be positive");
        }
    }

    public static ReconcileSettings defaults() {
        return new ReconcileSettings(DEFAULT_SETTLE, DEFAULT_TOTAL_SEGMENTS, DEFAULT_PAGE_SIZE, DEFAULT_MAX_CANDIDATES);
    }

    public static ReconcileSettings fromEnvironment(Map<String, String> env) {
        ReconcileSettings defaults = defaults();
        return new ReconcileSettings(
                Duration.ofSeconds(EnvironmentValues.wholeNumber(env, SETTLE_SECONDS, defaults.settle().toSeconds())),
                (int) EnvironmentValues.wholeNumber(env, TOTAL_SEGMENTS, defaults.totalSegments()),
                defaults.pageSize(), defaults.maxCandidates());
    }

    /** Candidates a segment may hold before it stops scanning to decide them. */
    public int maxCandidatesPerSegment() {
        return Math.max(1, maxCandidates / totalSegments);
    }

    public ReconcileSettings withSettle(Duration value) {
        return new ReconcileSettings(value, totalSegments, pageSize, maxCandidates);
    }

    public ReconcileSettings withTotalSegments(int value) {
        return new ReconcileSettings(settle, value, pageSize, maxCandidates);
    }

    public ReconcileSettings withPageSize(int value) {
        return new ReconcileSettings(settle, totalSegments, value, maxCandidates);
    }

    public ReconcileSettings withMaxCandidates(int value) {
        return new ReconcileSettings(settle, totalSegments, pageSize, value);
    }
}
