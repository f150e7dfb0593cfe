package dev.userbase.stream;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.core.streams.LambdaEventJson;

/** Event JSON into handler input exactly as Lambda's Java runtime does it (aws-lambda-java-serialization). */
final class LambdaEvents {

    private static final PojoSerializer<DynamodbEvent> STREAM =
            LambdaEventSerializers.serializerFor(DynamodbEvent.class, LambdaEvents.class.getClassLoader());
    private static final PojoSerializer<DynamodbTimeWindowEvent> WINDOW =
            LambdaEventSerializers.serializerFor(DynamodbTimeWindowEvent.class, LambdaEvents.class.getClassLoader());

    private LambdaEvents() {
    }

    static DynamodbEvent dynamodbEvent(ObjectNode json) {
        return STREAM.fromJson(LambdaEventJson.toJson(json));
    }

    static DynamodbTimeWindowEvent timeWindowEvent(ObjectNode json) {
        return WINDOW.fromJson(LambdaEventJson.toJson(json));
    }
}
