package dev.userbase.local.streams;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The settings of a stream event source mapping, named as Lambda names them.
 *
 * @param functionName the function invoked with the batches
 * @param batchSize at most this many records per invocation (Lambda: 1 to 10,000; default 100)
 * @param maximumBatchingWindow how long to gather records before invoking with fewer than {@code batchSize}
 * @param startingPosition where a shard is read from when there is no checkpoint
 * @param filters Lambda filter patterns (EventBridge syntax) on the record JSON; a record matching none
 *        is dropped, as if processed. Empty: every record goes to the function
 * @param reportBatchItemFailures whether the function's {@code batchItemFailures} are honoured
 * @param bisectBatchOnFunctionError split a failing batch in two and retry the halves
 * @param maximumRetryAttempts retries of a failing batch before it goes to the on-failure destination; -1 retries forever
 * @param maximumRecordAge records older than this go to the on-failure destination unprocessed; {@code null} for no limit
 * @param tumblingWindow {@code null}, or the window over which the function aggregates with {@code state}
 * @param retryBackoff the wait before the first retry, doubled for each further one (capped at 8x)
 */
public record EventSourceMapping(
        String functionName,
        int batchSize,
        Duration maximumBatchingWindow,
        StartingPosition startingPosition,
        List<JsonNode> filters,
        boolean reportBatchItemFailures,
        boolean bisectBatchOnFunctionError,
        int maximumRetryAttempts,
        Duration maximumRecordAge,
        Duration tumblingWindow,
        Duration retryBackoff) {

    /** Where a shard without a checkpoint is first read. */
    public enum StartingPosition { TRIM_HORIZON, LATEST }

    /** Lambda's cap on one invocation's payload for stream sources. */
    public static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    public EventSourceMapping {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(maximumBatchingWindow, "maximumBatchingWindow");
        Objects.requireNonNull(startingPosition, "startingPosition");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        filters = List.copyOf(filters);
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batchSize must be 1..10000");
        }
        if (maximumRetryAttempts < -1 || maximumRetryAttempts > 10_000) {
            throw new IllegalArgumentException("maximumRetryAttempts must be -1..10000");
        }
        if (tumblingWindow != null && (tumblingWindow.isNegative() || tumblingWindow.isZero()
                || tumblingWindow.compareTo(Duration.ofMinutes(15)) > 0)) {
            throw new IllegalArgumentException("tumblingWindow must be 1 s to 15 min");
        }
    }

    public static Builder builder(String functionName) {
        return new Builder(functionName);
    }

    public boolean hasTumblingWindow() {
        return tumblingWindow != null;
    }

    /** Builder with Lambda's defaults (batch 100, no batching window, TRIM_HORIZON, retry forever). */
    public static final class Builder {
        private final String functionName;
        private int batchSize = 100;
        private Duration maximumBatchingWindow = Duration.ZERO;
        private StartingPosition startingPosition = StartingPosition.TRIM_HORIZON;
        private List<JsonNode> filters = List.of();
        private boolean reportBatchItemFailures;
        private boolean bisectBatchOnFunctionError;
        private int maximumRetryAttempts = -1;
        private Duration maximumRecordAge;
        private Duration tumblingWindow;
        private Duration retryBackoff = Duration.ofMillis(500);

        private Builder(String functionName) {
            this.functionName = functionName;
        }

        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder maximumBatchingWindow(Duration v) { maximumBatchingWindow = v; return this; }
        public Builder startingPosition(StartingPosition v) { startingPosition = v; return this; }
        public Builder filters(List<JsonNode> v) { filters = v; return this; }
        public Builder reportBatchItemFailures(boolean v) { reportBatchItemFailures = v; return this; }
        public Builder bisectBatchOnFunctionError(boolean v) { bisectBatchOnFunctionError = v; return this; }
        public Builder maximumRetryAttempts(int v) { maximumRetryAttempts = v; return this; }
        public Builder maximumRecordAge(Duration v) { maximumRecordAge = v; return this; }
        public Builder tumblingWindow(Duration v) { tumblingWindow = v; return this; }
        public Builder retryBackoff(Duration v) { retryBackoff = v; return this; }

        public EventSourceMapping build() {
            return new EventSourceMapping(functionName, batchSize, maximumBatchingWindow, startingPosition, filters,
                    reportBatchItemFailures, bisectBatchOnFunctionError, maximumRetryAttempts, maximumRecordAge,
                    tumblingWindow, retryBackoff);
        }
    }
}
