package dev.userbase.dynamodb.ops;

import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.streams.StreamLog;
import dev.userbase.dynamodb.streams.StreamRecord;
import dev.userbase.dynamodb.table.Database;

/** The DynamoDB Streams API: ListStreams, DescribeStream, GetShardIterator, GetRecords. */
final class StreamOps {

    private final Database db;

    StreamOps(Database db) {
        this.db = db;
    }

    private StreamLog stream(String arn) {
        Constraints.check().notNull(arn, "streamArn").throwIfAny();
        Constraints.check().length(arn, 37, 1024, "streamArn").throwIfAny();
        return find(arn);
    }

    private StreamLog find(String arn) {
        return db.stream(arn).orElseThrow(() -> DynamoDbException.resourceNotFound("Stream", arn));
    }

    ObjectNode listStreams(Request r) {
        String tableName = r.string("TableName");
        Long limit = r.integer("Limit");
        String start = r.string("ExclusiveStartStreamArn");
        Constraints.check().tableName(tableName, "tableName", false).limit(limit, 100).throwIfAny();
        Stream<StreamLog> ofTable = db.streams().stream().filter(log -> tableName == null || tableName.equals(log.tableName()));
        Page<StreamLog> page = Page.of(Page.after(ofTable, start, StreamLog::arn), Page.size(limit, 100));
        ObjectNode response = Request.response();
        ArrayNode streams = response.putArray("Streams");
        for (StreamLog log : page.items()) {
            streams.addObject().put("StreamArn", log.arn()).put("TableName", log.tableName()).put("StreamLabel", log.label());
        }
        if (page.more()) {
            response.put("LastEvaluatedStreamArn", page.last().arn());
        }
        return response;
    }

    ObjectNode describeStream(Request r) {
        StreamLog log = stream(r.string("StreamArn"));
        Long limit = r.integer("Limit");
        String start = r.string("ExclusiveStartShardId");
        Constraints.check().limit(limit, 100).throwIfAny();
        ObjectNode response = Request.response();
        ObjectNode d = response.putObject("StreamDescription");
        d.put("StreamArn", log.arn());
        d.put("StreamLabel", log.label());
        d.put("StreamStatus", log.status());
        d.put("StreamViewType", log.viewType());
        d.put("CreationRequestDateTime", log.createdAt());
        d.put("TableName", log.tableName());
        if (log.hashKey() != null) {
            // the keys of the table the stream was opened on, which may be deleted or re-created since
            ArrayNode keys = d.putArray("KeySchema");
            keys.addObject().put("AttributeName", log.hashKey()).put("KeyType", "HASH");
            if (log.rangeKey() != null) {
                keys.addObject().put("AttributeName", log.rangeKey()).put("KeyType", "RANGE");
            }
        }
        ArrayNode shards = d.putArray("Shards");
        Page<StreamLog.ShardInfo> page = Page.of(Page.after(log.shards().stream(), start, StreamLog.ShardInfo::shardId),
                Page.size(limit, 100));
        for (StreamLog.ShardInfo shard : page.items()) {
            ObjectNode s = shards.addObject();
            s.put("ShardId", shard.shardId());
            if (shard.parentShardId() != null) {
                s.put("ParentShardId", shard.parentShardId());
            }
            ObjectNode range = s.putObject("SequenceNumberRange");
            range.put("StartingSequenceNumber", StreamRecord.sequenceText(shard.startingSequence()));
            if (shard.endingSequence() >= 0) {
                range.put("EndingSequenceNumber", StreamRecord.sequenceText(shard.endingSequence()));
            }
        }
        if (page.more()) {
            d.put("LastEvaluatedShardId", page.last().shardId());
        }
        return response;
    }

    ObjectNode getShardIterator(Request r) {
        String arn = r.string("StreamArn");
        String shardId = r.string("ShardId");
        String type = r.string("ShardIteratorType");
        Constraints.check().notNull(arn, "streamArn").notNull(shardId, "shardId").notNull(type, "shardIteratorType")
                .oneOf(type, "shardIteratorType", List.of("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"))
                .throwIfAny();
        StreamLog log = stream(arn);
        String sequence = r.string("SequenceNumber");
        if (sequence != null && (type.equals("TRIM_HORIZON") || type.equals("LATEST"))) {
            throw DynamoDbException.validation("Invalid Request: SequenceNumber may only be used with AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER");
        }
        ObjectNode response = Request.response();
        response.put("ShardIterator", log.iterator(shardId, type, sequence));
        return response;
    }

    ObjectNode getRecords(Request r) {
        String iterator = r.string("ShardIterator");
        Long limit = r.integer("Limit");
        Constraints.check().notNull(iterator, "shardIterator").limit(limit, 1000).throwIfAny();
        StreamLog.Position position = StreamLog.decode(iterator);
        StreamLog log = find(position.streamArn());
        StreamLog.Batch batch = log.read(position.shardId(), position.after(), position.issuedAt(), Page.size(limit, 1000));
        ObjectNode response = Request.response();
        ArrayNode records = response.putArray("Records");
        for (StreamRecord record : batch.records()) {
            records.add(recordNode(record, db.region()));
        }
        if (batch.nextIterator() != null) {
            response.put("NextShardIterator", batch.nextIterator());
        }
        return response;
    }

    static ObjectNode recordNode(StreamRecord record, String region) {
        ObjectNode n = Request.response();
        n.put("eventID", record.eventId());
        n.put("eventName", record.eventName());
        n.put("eventVersion", "1.1");
        n.put("eventSource", "aws:dynamodb");
        n.put("awsRegion", region);
        ObjectNode d = n.putObject("dynamodb");
        d.put("ApproximateCreationDateTime", record.createdAtMillis() / 1000);
        d.set("Keys", ValueCodec.encodeItem(record.keys()));
        if (record.newImage() != null) {
            d.set("NewImage", ValueCodec.encodeItem(record.newImage()));
        }
        if (record.oldImage() != null) {
            d.set("OldImage", ValueCodec.encodeItem(record.oldImage()));
        }
        d.put("SequenceNumber", record.sequenceNumber());
        d.put("SizeBytes", record.sizeBytes());
        d.put("StreamViewType", record.viewType());
        if (record.service()) {
            n.putObject("userIdentity").put("PrincipalId", "dynamodb.amazonaws.com").put("Type", "Service");
        }
        return n;
    }
}
