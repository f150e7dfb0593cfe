package dev.userbase.stream;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.core.streams.LambdaEventJson;
import dev.userbase.core.testing.TestDynamoDb;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** Event JSON into handler input exactly as Lambda's Java runtime does it (aws-lambda-java-serialization). */
final class LambdaEvents {

    private static final PojoSerializer<DynamodbEvent> STREAM =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, LambdaEvents.class.getClassLoader());
    private static final PojoSerializer<DynamodbTimeWindowEvent> WINDOW =
            LambdaEventSerializers.serializerFor(DynamodbTimeWindowEvent.class, LambdaEvents.class.getClassLoader());

    /** Event JSON as Lambda writes it for the records of a test table (in the test engine's region). */
    static final LambdaEventJson JSON = new LambdaEventJson(TestDynamoDb.REGION.id());

    private LambdaEvents() {
    }

    /** The event the change stream's mapping delivers for these records of {@code streamArn}. */
    static DynamodbEvent dynamodbEvent(List<Record> records, String streamArn) {
        return dynamodbEvent(JSON.dynamodbEvent(records, streamArn));
    }

    /**
     * The event the follow counter's mapping delivers for one invocation of a minute's tumbling
     * window from {@code windowStart} (never terminated early), carrying the {@code state} the
     * window's previous invocation returned.
     */
    static DynamodbTimeWindowEvent timeWindowEvent(List<Record> records, String streamArn, String shardId,
            Instant windowStart, Map<String, String> state, boolean finalInvokeForWindow) {
        return timeWindowEvent(JSON.timeWindowEvent(records, streamArn, shardId, windowStart,
                windowStart.plusSeconds(60), state, finalInvokeForWindow, false));
    }

    static DynamodbEvent dynamodbEvent(ObjectNode json) {
        return STREAM.fromJson(LambdaEventJson.toJson(json));
    }

    static DynamodbTimeWindowEvent timeWindowEvent(ObjectNode json) {
        return WINDOW.fromJson(LambdaEventJson.toJson(json));
    }
}
