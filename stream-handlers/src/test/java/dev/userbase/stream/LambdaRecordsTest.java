package dev.userbase.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;

import dev.userbase.core.model.ChangeToken;
import dev.userbase.core.model.ItemKind;
import dev.userbase.core.model.MalformedItemException;
import dev.userbase.core.streams.ChangeRecord;
import dev.userbase.core.streams.ChangeType;
import dev.userbase.core.streams.LambdaEventJson;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** Lambda's stream records (real event JSON, deserialised as Lambda's runtime does) as change records. */
class LambdaRecordsTest {

    @ParameterizedTest
    @Event(value = "events/dynamodb/ttl_remove_token.json", type = DynamodbEvent.class)
    void toChangeRecord_ttlDeletion_isAnExpiryWithItsOldImage(DynamodbEvent event) {
        ChangeRecord record = LambdaRecords.toChangeRecord(event.getRecords().get(0), null);

        assertThat(record.type()).isEqualTo(ChangeType.REMOVE);
        assertThat(record.isTtlExpiry()).isTrue();
        assertThat(record.kind()).isEqualTo(ItemKind.TOKEN);
        assertThat(ChangeToken.fromItem(record.oldImage()).newEmail()).isEqualTo("ann.new@example.com");
        assertThat(record.newImage()).isNull();
        // Lambda sends epoch seconds; its Java runtime reads them as milliseconds
        assertThat(record.approximateCreationTime()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(record.eventSourceArn()).startsWith("arn:aws:dynamodb:eu-west-1:123456789012:table/users/stream/");
    }

    @ParameterizedTest
    @Event(value = "events/dynamodb/ttl_remove_token.json", type = DynamodbEvent.class)
    void toChangeRecord_deletionWithoutServiceIdentity_isNotAnExpiry(DynamodbEvent event) {
        DynamodbEvent.DynamodbStreamRecord lambdaRecord = event.getRecords().get(0);
        lambdaRecord.setUserIdentity(null);

        assertThat(LambdaRecords.toChangeRecord(lambdaRecord, null).isTtlExpiry()).isFalse();
    }

    @ParameterizedTest
    @Event(value = "events/dynamodb/follow_window.json", type = DynamodbTimeWindowEvent.class)
    void keysOnly_windowRecord_carriesKeysAndSequenceWithoutImages(DynamodbTimeWindowEvent event) {
        ChangeRecord record = LambdaRecords.keysOnly(event.getRecords().get(0), event.getEventSourceArn());

        assertThat(record.kind()).isEqualTo(ItemKind.FOLLOW_EDGE);
        assertThat(record.sequenceNumber()).isEqualTo("4421584500000000017450439091");
        assertThat(record.newImage()).isNull();
        assertThat(event.getShardId()).isEqualTo("shardId-00000001772359000000-0a1b2c3d");
        assertThat(event.getState()).containsEntry("=bob", "2,0");
    }

    @ParameterizedTest
    @Event(value = "events/dynamodb/follow_window.json", type = DynamodbTimeWindowEvent.class)
    void toChangeRecord_unreadableImage_isMalformed(DynamodbTimeWindowEvent event) {
        DynamodbEvent.DynamodbStreamRecord lambdaRecord = event.getRecords().get(0);
        lambdaRecord.getDynamodb().getNewImage().put("broken", new AttributeValue()); // no type at all

        assertThatThrownBy(() -> LambdaRecords.toChangeRecord(lambdaRecord, null))
                .isInstanceOf(MalformedItemException.class);
    }

    @Test
    void toChangeRecord_everyAttributeType_survivesLambdasDeserialiser() {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> image = Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("USER#a"),
                "sk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("PROFILE"),
                "n", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("1.5"),
                "b", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromB(
                        SdkBytes.fromUtf8String("bytes")),
                "ss", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(List.of("x", "y")),
                "ns", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNs(List.of("1", "2")),
                "emptyList", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL(List.of()),
                "emptyMap", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(Map.of()),
                "flag", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool(false),
                "none", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNul(true));
        var sdkRecord = Record.builder().eventID("e").eventName("INSERT")
                .dynamodb(StreamRecord.builder()
                        .keys(Map.of("pk", image.get("pk"), "sk", image.get("sk"))).newImage(image)
                        .sequenceNumber("7").approximateCreationDateTime(Instant.parse("2026-03-01T10:00:00Z")).build())
                .build();
        DynamodbEvent event = LambdaEvents.dynamodbEvent(new LambdaEventJson("eu-west-1")
                .dynamodbEvent(List.of(sdkRecord), "arn"));

        ChangeRecord record = LambdaRecords.toChangeRecord(event.getRecords().get(0), null);

        assertThat(record.newImage()).isEqualTo(image);
        assertThat(record.approximateCreationTime()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    }

    @Test
    void creationTime_acceptsSecondsReadAsMillisAndRealMillis() {
        assertThat(LambdaRecords.creationTime(new Date(1_772_359_200L)))
                .isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(LambdaRecords.creationTime(new Date(1_772_359_200_123L)))
                .isEqualTo(Instant.parse("2026-03-01T10:00:00.123Z"));
    }
}
