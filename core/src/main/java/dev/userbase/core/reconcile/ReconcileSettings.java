package dev.userbase.core.reconcile;

import java.time.Duration;
import java.util.Map;

/**
 * How the reconcile job runs.
 *
 * @param settle the wait between a user's two observations: longer than the follow-counter
 *     pipeline's longest lag (its window, batching, retries: bounded by the mapping's maximum record
 *     age) plus the followers index's replication lag. {@value #SETTLE_SECONDS}, default 10 minutes.
 * @param totalSegments the segments of the scan of profiles ({@value #TOTAL_SEGMENTS}, default 4):
 *     read in turn, each resumable from its own position in the checkpoint
 * @param pageSize items a scan page reads
 * @param maxCandidates users with drift held for their second observation before the scan pauses
 *     to observe them again (they are kept in the checkpoint item, which must stay under 400 KB)
 */
public record ReconcileSettings(Duration settle, int totalSegments, int pageSize, int maxCandidates) {

    public static final String SETTLE_SECONDS = "RECONCILE_SETTLE_SECONDS";
    public static final String TOTAL_SEGMENTS = "RECONCILE_TOTAL_SEGMENTS";
    public static final Duration DEFAULT_SETTLE = Duration.ofMinutes(10);
    public static final int DEFAULT_TOTAL_SEGMENTS = 4;
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int DEFAULT_MAX_CANDIDATES = 1_000;

    public ReconcileSettings {
        if (settle.isNegative()) {
            throw new IllegalArgumentException(SETTLE_SECONDS + " must not be negative");
        }
        if (totalSegments < 1 || totalSegments > 1_000_000) {
            throw new IllegalArgumentException(TOTAL_SEGMENTS + " must be 1 to 1000000");
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
                Duration.ofSeconds(number(env, SETTLE_SECONDS, defaults.settle().toSeconds())),
                (int) number(env, TOTAL_SEGMENTS, defaults.totalSegments()),
                defaults.pageSize(), defaults.maxCandidates());
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

    private static long number(Map<String, String> env, String name, long defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
        }
    }
}
