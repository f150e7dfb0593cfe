package dev.userbase.dynamodb.ops;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.streams.StreamLog;
import dev.userbase.dynamodb.streams.StreamRecord;
import dev.userbase.dynamodb.table.Database;
import dev.userbase.dynamodb.table.Table;

/** The DynamoDB Streams API: ListStreams, DescribeStream, GetShardIterator, GetRecords. */
final class StreamOps {

    private final Database db;

    StreamOps(Database db) {
        this.db = db;
    }

    private StreamLog stream(String arn) {
        Constraints.check().notNull(arn, "streamArn").throwIfAny();
        Constraints.check().length(arn, 37, 1024, "streamArn").throwIfAny();
        return db.stream(arn).orElseThrow(() -> DynamoDbException.resourceNotFound(
                "Requested resource not found: Stream: " + arn + " not found"));
    }

    ObjectNode listStreams(Request r) {
        String tableName = r.string("TableName");
        Long limit = r.integer("Limit");
        String start = r.string("ExclusiveStartStreamArn");
        Constraints.check().tableName(tableName, "tableName", false).min(limit, 1, "limit").max(limit, 100, "limit").throwIfAny();
        int max = limit == null ? 100 : limit.intValue();
        ObjectNode response = Request.response();
        ArrayNode streams = response.putArray("Streams");
        int n = 0;
        String last = null;
        boolean more = false;
        boolean started = start == null;
        for (StreamLog log : db.streams()) {
            if (tableName != null && !tableName.equals(log.tableName())) {
                continue;
            }
            if (!started) {
                started = log.arn().equals(start);
                continue;
            }
            if (n == max) {
                more = true;
                break;
            }
            streams.addObject().put("StreamArn", log.arn()).put("TableName", log.tableName()).put("StreamLabel", log.label());
            last = log.arn();
            n++;
        }
        if (more) {
            response.put("LastEvaluatedStreamArn", last);
        }
        return response;
    }

    ObjectNode describeStream(Request r) {
        StreamLog log = stream(r.string("StreamArn"));
        Long limit = r.integer("Limit");
        String start = r.string("ExclusiveStartShardId");
        Constraints.check().min(limit, 1, "limit").max(limit, 100, "limit").throwIfAny();
        int max = limit == null ? 100 : limit.intValue();
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
        List<StreamLog.ShardInfo> all = log.shards();
        boolean started = start == null;
        int n = 0;
        String last = null;
        boolean more = false;
        for (StreamLog.ShardInfo shard : all) {
            if (!started) {
                started = shard.shardId().equals(start);
                continue;
            }
            if (n == max) {
                more = true;
                break;
            }
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
            last = shard.shardId();
            n++;
        }
        if (more) {
            d.put("LastEvaluatedShardId", last);
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
        Constraints.check().notNull(iterator, "shardIterator").min(limit, 1, "limit").max(limit, 1000, "limit").throwIfAny();
        StreamLog.Position position = StreamLog.decode(iterator);
        StreamLog log = db.stream(position.streamArn()).orElseThrow(() -> DynamoDbException.resourceNotFound(
                "Requested resource not found: Stream: " + position.streamArn() + " not found"));
        StreamLog.Batch batch = log.read(position.shardId(), position.after(), position.issuedAt(),
                limit == null ? 1000 : limit.intValue());
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
