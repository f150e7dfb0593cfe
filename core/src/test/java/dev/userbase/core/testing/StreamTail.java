package dev.userbase.core.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a table's stream from its beginning through the real DynamoDB Streams API, shard by shard,
 * the way Lambda's event source mapping does: each {@link #poll()} returns the records written
 * since the previous one, in stream order within each shard.
 */
public final class StreamTail {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Map<String, String> iterators = new LinkedHashMap<>();

    public StreamTail(DynamoDbStreamsClient streams, String streamArn) {
        this.streams = streams;
        this.streamArn = streamArn;
    }

    public String streamArn() {
        return streamArn;
    }

    /** Every record written since the last poll, grouped by shard (insertion order of the shards). */
    public Map<String, List<Record>> pollByShard() {
        discoverShards();
        Map<String, List<Record>> result = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : iterators.entrySet()) {
            List<Record> records = new ArrayList<>();
            String iterator = entry.getValue();
            while (iterator != null) {
                GetRecordsResponse response = streams.getRecords(GetRecordsRequest.builder()
                        .shardIterator(iterator).limit(1000).build());
                records.addAll(response.records());
                String next = response.nextShardIterator();
                if (response.records().isEmpty()) {
                    iterator = next;
                    break;
                }
                iterator = next;
            }
            entry.setValue(iterator);
            if (!records.isEmpty()) {
                result.put(entry.getKey(), records);
            }
        }
        return result;
    }

    /** Every record written since the last poll, all shards together. */
    public List<Record> poll() {
        List<Record> all = new ArrayList<>();
        pollByShard().values().forEach(all::addAll);
        return all;
    }

    private void discoverShards() {
        for (Shard shard : streams.describeStream(DescribeStreamRequest.builder().streamArn(streamArn).build())
                .streamDescription().shards()) {
            iterators.computeIfAbsent(shard.shardId(), id -> streams.getShardIterator(GetShardIteratorRequest.builder()
                    .streamArn(streamArn).shardId(id).shardIteratorType(ShardIteratorType.TRIM_HORIZON)
                    .build()).shardIterator());
        }
    }
}
