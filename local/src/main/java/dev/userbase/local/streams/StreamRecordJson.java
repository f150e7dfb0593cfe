package dev.userbase.local.streams;

import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.local.Json;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * A DynamoDB Streams record (as {@code GetRecords} returns it to the SDK) in the JSON form Lambda puts
 * in a {@code DynamodbEvent}'s {@code Records}: {@code eventID}, {@code eventName}, {@code dynamodb}
 * with typed attribute values ({@code {"S": …}}, {@code {"N": "…"}}, binary as base64), the stream ARN
 * as {@code eventSourceARN}, and {@code userIdentity} for deletions made by TTL.
 */
public final class StreamRecordJson {

    private StreamRecordJson() {
    }

    /**
     * @param region the region Lambda reports ({@code awsRegion}); DynamoDB Local says "ddblocal"
     * @param ttlDeletion whether DynamoDB's TTL (not a client) removed the item
     */
    public static ObjectNode toLambdaJson(Record record, String streamArn, String region, boolean ttlDeletion) {
        ObjectNode json = Json.object();
        json.put("eventID", record.eventID());
        json.put("eventName", record.eventNameAsString());
        json.put("eventVersion", record.eventVersion() == null ? "1.1" : record.eventVersion());
        json.put("eventSource", "aws:dynamodb");
        json.put("awsRegion", region);
        json.set("dynamodb", streamRecord(record.dynamodb()));
        json.put("eventSourceARN", streamArn);
        Identity identity = record.userIdentity();
        if (identity != null) {
            json.putObject("userIdentity").put("type", identity.type()).put("principalId", identity.principalId());
        } else if (ttlDeletion) {
            json.putObject("userIdentity").put("type", "Service").put("principalId", "dynamodb.amazonaws.com");
        }
        return json;
    }

    private static ObjectNode streamRecord(StreamRecord record) {
        ObjectNode json = Json.object();
        if (record.approximateCreationDateTime() != null) {
            json.put("ApproximateCreationDateTime", record.approximateCreationDateTime().getEpochSecond());
        }
        if (record.hasKeys()) {
            json.set("Keys", item(record.keys()));
        }
        if (record.hasNewImage()) {
            json.set("NewImage", item(record.newImage()));
        }
        if (record.hasOldImage()) {
            json.set("OldImage", item(record.oldImage()));
        }
        json.put("SequenceNumber", record.sequenceNumber());
        if (record.sizeBytes() != null) {
            json.put("SizeBytes", record.sizeBytes());
        }
        if (record.streamViewType() != null) {
            json.put("StreamViewType", record.streamViewTypeAsString());
        }
        return json;
    }

    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode json = Json.object();
        item.forEach((name, value) -> json.set(name, attributeValue(value)));
        return json;
    }

    public static ObjectNode attributeValue(AttributeValue value) {
        ObjectNode json = Json.object();
        switch (value.type()) {
            case S -> json.put("S", value.s());
            case N -> json.put("N", value.n());
            case B -> json.put("B", base64(value.b()));
            case BOOL -> json.put("BOOL", value.bool());
            case NUL -> json.put("NULL", true);
            case SS -> value.ss().forEach(json.putArray("SS")::add);
            case NS -> value.ns().forEach(json.putArray("NS")::add);
            case BS -> {
                ArrayNode set = json.putArray("BS");
                value.bs().forEach(b -> set.add(base64(b)));
            }
            case M -> json.set("M", item(value.m()));
            case L -> {
                ArrayNode list = json.putArray("L");
                value.l().forEach(v -> list.add(attributeValue(v)));
            }
            default -> throw new IllegalArgumentException("attribute value of unknown type: " + value);
        }
        return json;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
