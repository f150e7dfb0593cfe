package dev.userbase.core.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

class LambdaEventJsonTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.750Z");
    private final LambdaEventJson json = new LambdaEventJson("eu-west-1");

    @Test
    void record_writesLambdasFieldNamesAndDynamoDbJson() {
        Record record = Record.builder().eventID("e1").eventName(OperationType.REMOVE).eventVersion("1.1")
                .userIdentity(Identity.builder().type("Service").principalId("dynamodb.amazonaws.com").build())
                .dynamodb(StreamRecord.builder()
                        .approximateCreationDateTime(T0)
                        .keys(Map.of("pk", AttributeValue.fromS("USER#a")))
                        .oldImage(Map.of(
                                "pk", AttributeValue.fromS("USER#a"),
                                "n", AttributeValue.fromN("12"),
                                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")),
                                "ss", AttributeValue.fromSs(List.of("x", "y")),
                                "empty", AttributeValue.fromL(List.of()),
                                "m", AttributeValue.fromM(Map.of("flag", AttributeValue.fromBool(true))),
                                "nothing", AttributeValue.fromNul(true)))
                        .sequenceNumber("000000000000000000042").sizeBytes(99L).streamViewType("NEW_AND_OLD_IMAGES")
                        .build())
                .build();

        ObjectNode node = json.record(record, "arn:stream");

        assertThat(LambdaEventJson.toJson(node)).contains(
                "\"eventID\":\"e1\"", "\"eventName\":\"REMOVE\"", "\"eventSource\":\"aws:dynamodb\"",
                "\"awsRegion\":\"eu-west-1\"", "\"eventSourceARN\":\"arn:stream\"",
                "\"ApproximateCreationDateTime\":1772359200", "\"SequenceNumber\":\"000000000000000000042\"",
                "\"userIdentity\":{\"type\":\"Service\",\"principalId\":\"dynamodb.amazonaws.com\"}");
        ObjectNode image = (ObjectNode) node.path("dynamodb").path("OldImage");
        assertThat(image.path("n").toString()).isEqualTo("{\"N\":\"12\"}");
        assertThat(image.path("b").toString()).isEqualTo("{\"B\":\"aGk=\"}");
        assertThat(image.path("ss").toString()).isEqualTo("{\"SS\":[\"x\",\"y\"]}");
        assertThat(image.path("empty").toString()).isEqualTo("{\"L\":[]}");
        assertThat(image.path("m").toString()).isEqualTo("{\"M\":{\"flag\":{\"BOOL\":true}}}");
        assertThat(image.path("nothing").toString()).isEqualTo("{\"NULL\":true}");
        assertThat(node.path("dynamodb").has("NewImage")).isFalse();
    }

    @Test
    void timeWindowEvent_carriesTheWindowStateAndShard() {
        ObjectNode event = json.timeWindowEvent(List.of(), "arn:stream", "shard-1", T0, T0.plusSeconds(60),
                Map.of("#v", "1"), true, false);

        assertThat(event.path("Records").isArray()).isTrue();
        assertThat(event.path("window").path("start").asText()).isEqualTo("2026-03-01T10:00:00.750Z");
        assertThat(event.path("state").path("#v").asText()).isEqualTo("1");
        assertThat(event.path("shardId").asText()).isEqualTo("shard-1");
        assertThat(event.path("isFinalInvokeForWindow").asBoolean()).isTrue();
        assertThat(event.path("isWindowTerminatedEarly").asBoolean()).isFalse();
    }
}
