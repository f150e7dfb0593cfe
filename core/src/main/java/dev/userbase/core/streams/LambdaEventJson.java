package dev.userbase.core.streams;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Writes stream records read through the DynamoDB Streams API as the JSON Lambda's event source
 * mapping sends to a function: a {@code DynamodbEvent} ({@code {"Records":[…]}}) or, for a mapping
 * with a tumbling window, a {@code DynamodbTimeWindowEvent} (records plus {@code window},
 * {@code state}, {@code shardId}, {@code isFinalInvokeForWindow}, {@code isWindowTerminatedEarly}).
 *
 * <p>The local stack feeds these documents to the handlers through Lambda's own deserialiser, and
 * tests do the same, so a handler sees exactly what it would see in AWS. Field names and shapes
 * follow the Lambda event: {@code eventID}, {@code eventName}, {@code eventVersion} 1.1,
 * {@code eventSource} {@code aws:dynamodb}, {@code dynamodb.ApproximateCreationDateTime} in epoch
 * seconds, {@code Keys}/{@code NewImage}/{@code OldImage} in DynamoDB JSON (binary as base64),
 * {@code SequenceNumber}, {@code SizeBytes}, {@code StreamViewType}, {@code userIdentity} (present
 * only on deletions made by TTL) and {@code eventSourceARN}.
 */
public final class LambdaEventJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String region;

    /** @param region the {@code awsRegion} written on every record */
    public LambdaEventJson(String region) {
        this.region = Objects.requireNonNull(region, "region");
    }

    /** A {@code DynamodbEvent}: {@code {"Records":[…]}}. */
    public ObjectNode dynamodbEvent(List<Record> records, String eventSourceArn) {
        ObjectNode event = NODES.objectNode();
        ArrayNode array = event.putArray("Records");
        records.forEach(r -> array.add(record(r, eventSourceArn)));
        return event;
    }

    /**
     * A {@code DynamodbTimeWindowEvent} for one invocation of a tumbling window.
     *
     * @param state the state the previous invocation of this window returned (empty for its first)
     */
    public ObjectNode timeWindowEvent(List<Record> records, String eventSourceArn, String shardId,
            Instant windowStart, Instant windowEnd, Map<String, String> state,
            boolean finalInvokeForWindow, boolean windowTerminatedEarly) {
        ObjectNode event = dynamodbEvent(records, eventSourceArn);
        ObjectNode window = event.putObject("window");
        window.put("start", windowStart.toString());
        window.put("end", windowEnd.toString());
        ObjectNode stateNode = event.putObject("state");
        state.forEach(stateNode::put);
        event.put("shardId", shardId);
        event.put("eventSourceARN", eventSourceArn);
        event.put("isFinalInvokeForWindow", finalInvokeForWindow);
        event.put("isWindowTerminatedEarly", windowTerminatedEarly);
        return event;
    }

    /** One record of a {@code DynamodbEvent}. */
    public ObjectNode record(Record record, String eventSourceArn) {
        ObjectNode node = NODES.objectNode();
        node.put("eventID", record.eventID());
        node.put("eventName", record.eventNameAsString());
        node.put("eventVersion", record.eventVersion() == null ? "1.1" : record.eventVersion());
        node.put("eventSource", "aws:dynamodb");
        node.put("awsRegion", record.awsRegion() == null ? region : record.awsRegion());
        StreamRecord dynamodb = record.dynamodb();
        ObjectNode stream = node.putObject("dynamodb");
        if (dynamodb.approximateCreationDateTime() != null) {
            // Lambda sends whole epoch seconds here (DynamoDB rounds the time down to the second)
            stream.put("ApproximateCreationDateTime", dynamodb.approximateCreationDateTime().getEpochSecond());
        }
        if (dynamodb.hasKeys()) {
            stream.set("Keys", item(dynamodb.keys()));
        }
        if (dynamodb.hasNewImage()) {
            stream.set("NewImage", item(dynamodb.newImage()));
        }
        if (dynamodb.hasOldImage()) {
            stream.set("OldImage", item(dynamodb.oldImage()));
        }
        stream.put("SequenceNumber", dynamodb.sequenceNumber());
        if (dynamodb.sizeBytes() != null) {
            stream.put("SizeBytes", dynamodb.sizeBytes());
        }
        if (dynamodb.streamViewTypeAsString() != null) {
            stream.put("StreamViewType", dynamodb.streamViewTypeAsString());
        }
        Identity identity = record.userIdentity();
        if (identity != null) {
            ObjectNode userIdentity = node.putObject("userIdentity");
            userIdentity.put("type", identity.type());
            userIdentity.put("principalId", identity.principalId());
        }
        node.put("eventSourceARN", eventSourceArn);
        return node;
    }

    /** An item in DynamoDB JSON ({@code {"name":{"S":"…"}}}). */
    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        item.forEach((name, value) -> node.set(name, attributeValue(value)));
        return node;
    }

    public static ObjectNode attributeValue(AttributeValue value) {
        ObjectNode node = NODES.objectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", base64(value.b()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> {
                ArrayNode set = node.putArray("BS");
                value.bs().forEach(b -> set.add(base64(b)));
            }
            case L -> {
                ArrayNode list = node.putArray("L"); // an empty list is a value too
                value.l().forEach(v -> list.add(attributeValue(v)));
            }
            case M -> node.set("M", item(value.m()));
            default -> throw new IllegalArgumentException("unsupported attribute value " + value);
        }
        return node;
    }

    /** The document as JSON text. */
    public static String toJson(ObjectNode document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
    }
}
