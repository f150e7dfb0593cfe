package dev.userbase.core.streams;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The two consumers of the users table's stream (DynamoDB Streams allows two readers per table) and
 * the event source mapping each needs, once: the CDK stack configures the mappings from here, the
 * local stack emulates them from here, and tests check the filters. Why each value is what it is:
 * docs/ARCHITECTURE.md, "Stream consumers".
 *
 * @param handlerClass fully qualified handler class in the stream-handlers jar
 * @param tumblingWindowSeconds empty when the mapping has no tumbling window
 * @param maximumRetryAttempts -1: retry until the record leaves the stream (24 hours)
 * @param maximumRecordAgeSeconds -1: no limit below the stream's retention
 * @param filterPatterns Lambda filter criteria (EventBridge pattern syntax), ORed; empty for none
 */
public record StreamConsumer(
        String handlerClass,
        int batchSize,
        int maximumBatchingWindowSeconds,
        Optional<Integer> tumblingWindowSeconds,
        int parallelizationFactor,
        int maximumRetryAttempts,
        int maximumRecordAgeSeconds,
        boolean bisectBatchOnFunctionError,
        boolean reportBatchItemFailures,
        List<String> filterPatterns) {

    /**
     * Follow counts. A window per shard aggregates deltas and commits them against a per-shard
     * checkpoint, so any in-order redelivery (a bisected half, a suffix, the window again) is applied
     * once, and bisecting is on: a batch that failed by running out of time is retried smaller. The
     * handler fails a batch whole (it throws; it never names items), so partial batch responses
     * change nothing for it and stay on to keep both mappings alike. Retries and record age are
     * bounded so that a batch that keeps failing cannot hold the shard's counts for the stream's
     * 24 hours: after 20 retries (twice the change stream's: a give-up costs a reconcile, and the
     * usual failures, contention and throttling, pass) or 3 hours (longer than any transient episode,
     * leaving 21 hours to read the range from the stream) it goes to the on-failure queue with its
     * sequence range, and the counts of the users in it are repaired by the reconcile job
     * (docs/DEPLOY.md, "Follow counter: a batch in the on-failure queue"). One consumer per shard:
     * the checkpoint is per shard.
     */
    public static final StreamConsumer FOLLOW_COUNTER = new StreamConsumer("dev.userbase.stream.FollowCounterHandler",
            1000, 5, Optional.of(120), 1, 20, 3 * 3600, true, true,
            List.of("{\"eventName\":[\"INSERT\",\"REMOVE\"],"
                    + "\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"prefix\":\"FOLLOWS#\"}]}}}}"));

    /**
     * Domain events, audit, TTL cleanup. Partial batch responses retry from the first failure; bisecting
     * isolates a poison record, which goes to the on-failure destination after ten retries or an hour
     * (the idempotency window: a record retried longer could publish an event a second time).
     * Order is per user (partition key), which Lambda keeps at any parallelization factor. The
     * stream consumers' own bookkeeping (AUDIT#…, SHARD#…) is filtered out.
     */
    public static final StreamConsumer CHANGE_STREAM = new StreamConsumer("dev.userbase.stream.ChangeStreamHandler",
            100, 1, Optional.empty(), 2, 10, 3600, true, true,
            List.of("{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[{\"prefix\":\"USER#\"}]}}}}",
                    "{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[{\"prefix\":\"EMAIL#\"}]}}}}"));

    /** Both consumers' function timeout, deployed and local alike. */
    public static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(60);

    /** Where a mapping starts reading: from the stream's oldest record, so nothing written before it is missed. */
    public static final String STARTING_POSITION = "TRIM_HORIZON";

    public StreamConsumer {
        filterPatterns = List.copyOf(filterPatterns);
    }

    /** Both consumers, the follow counter first. */
    public static List<StreamConsumer> values() {
        return List.of(FOLLOW_COUNTER, CHANGE_STREAM);
    }
}
