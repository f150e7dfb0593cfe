package dev.userbase.local.streams;

import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads one shard through the DynamoDB Streams API (the real SDK against the stack's engine): from just
 * after a checkpoint, or from the mapping's starting position; a shard iterator that expired is
 * replaced from the last record read; a checkpoint the stream has trimmed restarts at TRIM_HORIZON.
 */
final class DynamoDbShardReader implements ShardReader {

    /** GetRecords' maximum. */
    private static final int LIMIT = 1000;

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final String shardId;
    private final EventSourceMapping.StartingPosition startingPosition;
    private String lastSequenceNumber;
    private String iterator;
    private boolean ended;

    public DynamoDbShardReader(DynamoDbStreamsClient streams, String streamArn, String shardId,
                               Optional<String> checkpoint, EventSourceMapping.StartingPosition startingPosition) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.shardId = shardId;
        this.startingPosition = startingPosition;
        this.lastSequenceNumber = checkpoint.orElse(null);
    }

    @Override
    public List<Record> poll() {
        if (ended) {
            return List.of();
        }
        if (iterator == null) {
            iterator = newIterator();
        }
        GetRecordsResponse response;
        try {
            response = streams.getRecords(r -> r.shardIterator(iterator).limit(LIMIT));
        } catch (ExpiredIteratorException | TrimmedDataAccessException e) {
            // An iterator expires after 15 minutes (a stack suspended that long, say), and records older
            // than 24 hours are trimmed. Either way: a new iterator from the last record read, or from the
            // trim horizon when the checkpoint itself was trimmed.
            iterator = newIterator();
            response = streams.getRecords(r -> r.shardIterator(iterator).limit(LIMIT));
        }
        List<Record> records = response.records();
        if (!records.isEmpty()) {
            lastSequenceNumber = records.get(records.size() - 1).dynamodb().sequenceNumber();
        }
        iterator = response.nextShardIterator();
        if (iterator == null) {
            ended = true;
        }
        return records;
    }

    @Override
    public boolean ended() {
        return ended;
    }

    private String newIterator() {
        GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder().streamArn(streamArn).shardId(shardId);
        if (lastSequenceNumber != null) {
            request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(lastSequenceNumber);
        } else {
            request.shardIteratorType(startingPosition == EventSourceMapping.StartingPosition.LATEST
                    ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON);
        }
        try {
            return streams.getShardIterator(request.build()).shardIterator();
        } catch (TrimmedDataAccessException e) {
            lastSequenceNumber = null;
            return streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        }
    }
}
