package dev.userbase.local.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.core.streams.LambdaEventJson;
import dev.userbase.local.Json;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Core's {@link LambdaEventJson} (what the pollers send) is read back intact by Lambda's own event
 * serializer, the one the local Lambda runtime uses (core has no dependency on it, so this is checked here).
 */
class LambdaEventJsonRoundTripTest {

    private static final String ARN = "arn:aws:dynamodb:ddblocal:000000000000:table/users/stream/2026-03-01T10:00:00.000";

    @Test
    void everyAttributeType_survivesTheTripThroughLambdasEventSerializer() {
        Map<String, AttributeValue> image = Map.of(
                "pk", AttributeValue.fromS("USER#a"),
                "sk", AttributeValue.fromS("PROFILE"),
                "n", AttributeValue.fromN("12.5"),
                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")),
                "ss", AttributeValue.fromSs(List.of("x", "y")),
                "ns", AttributeValue.fromNs(List.of("1", "2")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("a"))),
                "m", AttributeValue.fromM(Map.of("bool", AttributeValue.fromBool(false), "nul", AttributeValue.fromNul(true))),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromS("one"), AttributeValue.fromN("2"))));
        Record record = Record.builder().eventID("id-1").eventName(OperationType.MODIFY).eventVersion("1.1")
                .dynamodb(StreamRecord.builder()
                        .keys(Map.of("pk", image.get("pk"), "sk", image.get("sk")))
                        .newImage(image).oldImage(Map.of("pk", image.get("pk"), "sk", image.get("sk")))
                        .sequenceNumber("000000000000000000007").sizeBytes(99L)
                        .approximateCreationDateTime(Instant.parse("2026-03-01T10:00:00Z"))
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build())
                .build();

        ObjectNode json = new LambdaEventJson("us-east-1").record(record, ARN);
        DynamodbEvent event = read(json);

        DynamodbEvent.DynamodbStreamRecord parsed = event.getRecords().get(0);
        assertThat(parsed.getEventID()).isEqualTo("id-1");
        assertThat(parsed.getEventName()).isEqualTo("MODIFY");
        assertThat(parsed.getEventSource()).isEqualTo("aws:dynamodb");
        assertThat(parsed.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(parsed.getEventSourceARN()).isEqualTo(ARN);
        assertThat(parsed.getUserIdentity()).isNull();
        var dynamodb = parsed.getDynamodb();
        assertThat(dynamodb.getSequenceNumber()).isEqualTo("000000000000000000007");
        assertThat(dynamodb.getSizeBytes()).isEqualTo(99L);
        assertThat(dynamodb.getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(dynamodb.getApproximateCreationDateTime().toInstant()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(dynamodb.getKeys().get("sk").getS()).isEqualTo("PROFILE");
        assertThat(dynamodb.getOldImage()).hasSize(2);
        var newImage = dynamodb.getNewImage();
        assertThat(newImage.get("n").getN()).isEqualTo("12.5");
        assertThat(new String(newImage.get("b").getB().array())).isEqualTo("hi");
        assertThat(newImage.get("ss").getSS()).containsExactly("x", "y");
        assertThat(newImage.get("ns").getNS()).containsExactly("1", "2");
        assertThat(new String(newImage.get("bs").getBS().get(0).array())).isEqualTo("a");
        assertThat(newImage.get("m").getM().get("bool").getBOOL()).isFalse();
        assertThat(newImage.get("m").getM().get("nul").getNULL()).isTrue();
        assertThat(newImage.get("l").getL()).extracting(v -> v.getS() != null ? v.getS() : v.getN()).containsExactly("one", "2");
    }

    private static DynamodbEvent read(ObjectNode record) {
        ObjectNode event = Json.object();
        event.putArray("Records").add(record);
        return LambdaEventSerializers.serializerFor(DynamodbEvent.class, LambdaEventJsonRoundTripTest.class.getClassLoader())
                .fromJson(new ByteArrayInputStream(Json.bytes(event)));
    }
}
