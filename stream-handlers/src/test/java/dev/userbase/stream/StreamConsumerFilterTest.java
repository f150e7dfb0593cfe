package dev.userbase.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.CounterCheckpoint;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.PendingFollowCounts;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.streams.LambdaEventJson;
import dev.userbase.core.streams.StreamConsumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.event.ruler.Machine;

/**
 * The event source mappings' filter criteria, matched by Event Ruler (the pattern engine of
 * EventBridge and of Lambda event filtering) against records in the JSON Lambda filters.
 */
class StreamConsumerFilterTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final LambdaEventJson JSON = new LambdaEventJson("eu-west-1");

    @Test
    void followCounter_seesOnlyFollowEdgesInsertedOrRemoved() throws Exception {
        Map<String, AttributeValue> edge = new FollowEdge("ann", "bob", T0).toItem();

        assertThat(matches(StreamConsumer.FOLLOW_COUNTER, record(OperationType.INSERT, edge))).isTrue();
        assertThat(matches(StreamConsumer.FOLLOW_COUNTER, record(OperationType.REMOVE, edge))).isTrue();
        assertThat(matches(StreamConsumer.FOLLOW_COUNTER, record(OperationType.MODIFY, edge))).isFalse();
        assertThat(matches(StreamConsumer.FOLLOW_COUNTER, record(OperationType.MODIFY, profile()))).isFalse();
        assertThat(matches(StreamConsumer.FOLLOW_COUNTER, record(OperationType.INSERT,
                new UserPreferences("ann", "{}", 1, T0).toItem()))).isFalse();
    }

    @Test
    void changeStream_seesUsersAndReservations_notItsOwnBookkeeping() throws Exception {
        assertThat(matches(StreamConsumer.CHANGE_STREAM, record(OperationType.MODIFY, profile()))).isTrue();
        assertThat(matches(StreamConsumer.CHANGE_STREAM, record(OperationType.INSERT,
                new FollowEdge("ann", "bob", T0).toItem()))).isTrue();
        assertThat(matches(StreamConsumer.CHANGE_STREAM, record(OperationType.REMOVE,
                new EmailReservation("a@example.com", EmailReservation.State.PENDING, EmailReservation.Purpose.SIGN_UP,
                        "ann", null, T0, T0, null).toItem()))).isTrue();

        assertThat(matches(StreamConsumer.CHANGE_STREAM, record(OperationType.INSERT,
                new AuditEntry("ann", T0, "e1", "user.created", "ann", List.of(), null).toItem()))).isFalse();
        assertThat(matches(StreamConsumer.CHANGE_STREAM, record(OperationType.MODIFY,
                CounterCheckpoint.key("shard-1")))).isFalse();
        // parked counts live in the user's partition: seen, and mapped to nothing
        assertThat(matches(StreamConsumer.CHANGE_STREAM, record(OperationType.INSERT,
                PendingFollowCounts.key("ann")))).isTrue();
    }

    @Test
    void followCounter_isTheOnlyMappingWithAWindow_andGivesUpOnABatchWhileItIsStillInTheStream() {
        assertThat(StreamConsumer.FOLLOW_COUNTER.tumblingWindowSeconds()).isPresent();
        assertThat(StreamConsumer.FOLLOW_COUNTER.parallelizationFactor()).isEqualTo(1);
        // bounded, so a failing batch cannot hold the shard for the stream's 24 hours; the record age outlasts
        // a window (records wait for their window's end) and leaves most of the 24 hours to read the range
        assertThat(StreamConsumer.FOLLOW_COUNTER.maximumRetryAttempts()).isBetween(1, 100);
        assertThat(StreamConsumer.FOLLOW_COUNTER.maximumRecordAgeSeconds())
                .isGreaterThan(10 * (StreamConsumer.FOLLOW_COUNTER.tumblingWindowSeconds().orElseThrow()
                        + StreamConsumer.FOLLOW_COUNTER.maximumBatchingWindowSeconds()))
                .isLessThanOrEqualTo(12 * 3600);
        assertThat(StreamConsumer.CHANGE_STREAM.tumblingWindowSeconds()).isEmpty();
        assertThat(StreamConsumer.CHANGE_STREAM.reportBatchItemFailures()).isTrue();
        assertThat(StreamConsumer.values()).extracting(StreamConsumer::handlerClass)
                .containsExactly(FollowCounterHandler.class.getName(), ChangeStreamHandler.class.getName());
    }

    private static boolean matches(StreamConsumer consumer, Record record) throws Exception {
        Machine machine = Machine.builder().build();
        for (int i = 0; i < consumer.filterPatterns().size(); i++) {
            machine.addRule("filter-" + i, consumer.filterPatterns().get(i));
        }
        return !machine.rulesForJSONEvent(LambdaEventJson.toJson(JSON.record(record, "arn:stream"))).isEmpty();
    }

    private static Map<String, AttributeValue> profile() {
        return UserProfile.builder().userId("ann").createdAt(T0).build().toItem();
    }

    private static Record record(OperationType type, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> keys = Map.of("pk", item.get("pk"), "sk", item.get("sk"));
        StreamRecord.Builder stream = StreamRecord.builder().keys(keys).sequenceNumber("100").sizeBytes(100L)
                .streamViewType("NEW_AND_OLD_IMAGES").approximateCreationDateTime(T0);
        if (type != OperationType.INSERT) {
            stream.oldImage(item);
        }
        if (type != OperationType.REMOVE) {
            stream.newImage(item);
        }
        return Record.builder().eventID("e").eventName(type).dynamodb(stream.build()).build();
    }
}
