package dev.userbase.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * A shard's records as Lambda's event source mapping hands them out with ReportBatchItemFailures:
 * batches of at most {@code batchSize} in order; after a partial batch response the next batch starts
 * at the first failed record, after a crashed invocation it is the same batch again.
 */
final class ShardDelivery {

    private final List<Record> records;
    private final int batchSize;
    private final Map<String, Integer> position = new HashMap<>();
    private int next;

    ShardDelivery(List<Record> records, int batchSize) {
        this.records = records;
        this.batchSize = batchSize;
        for (int i = 0; i < records.size(); i++) {
            position.put(records.get(i).dynamodb().sequenceNumber(), i);
        }
    }

    /** Whether records are left to deliver. */
    boolean hasNext() {
        return next < records.size();
    }

    /** The batch to invoke the function with now. */
    List<Record> batch() {
        return records.subList(next, Math.min(records.size(), next + batchSize));
    }

    /** The function answered {@link #batch()}: the next batch follows it, or starts at its first failure. */
    void answered(StreamsEventResponse response) {
        List<StreamsEventResponse.BatchItemFailure> failures = response.getBatchItemFailures();
        if (failures == null || failures.isEmpty()) {
            next += batch().size();
        } else {
            next = failures.stream().mapToInt(f -> position.get(f.getItemIdentifier())).min().orElseThrow();
        }
    }
}
