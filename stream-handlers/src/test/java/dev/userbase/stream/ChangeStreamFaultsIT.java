package dev.userbase.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.testing.EngineFaults;
import dev.userbase.core.testing.FaultCase;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.core.testing.StreamTail;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The change stream handler on real stream records while the engine fails the calls it makes:
 * PutItem (claiming an event in the Powertools idempotency table), UpdateItem (recording it
 * published), GetItem (reading a claim; parked follow counts of a new profile) and BatchWriteItem
 * (audit entries). Batches are redelivered as Lambda does, from the first failed sequence number:
 * the handler never throws, reports what failed as batchItemFailures, and in the end every event
 * reaches the (recording) bus exactly once, each user's in stream order, and every audit entry is
 * written.
 */
class ChangeStreamFaultsIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final int BATCH_SIZE = 4;

    private final UsersTableItems items = new UsersTableItems(tables);
    @RegisterExtension
    final EngineFaults engine = new EngineFaults();
    private final FakeEventBridge bus = new FakeEventBridge();
    private final EventBridgeClient eventBridge = TestClients.eventBridge(bus.endpoint());

    @AfterEach
    void close() {
        eventBridge.close();
        bus.close();
    }

    static List<FaultCase> faultCases() {
        // the idempotency store's calls for one PutEvents call run side by side, one per event of the batch
        return FaultCase.matrix(BATCH_SIZE, "PutItem", "UpdateItem", "GetItem", "BatchWriteItem");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faultCases")
    void batchesUnderFault_reportFailures_andRedeliveryPublishesEachEventOnce(FaultCase fault) {
        StreamTail tail = tables.streamTail();
        List<String> users = List.of("u1", "u2", "u3");
        for (String user : users) {
            items.put(new ChangeContext("system:post-confirmation", "req-" + user).stamp(new HashMap<>(UserProfile.builder()
                    .userId(user).email(user + "@example.com").createdAt(T0).build().toItem())));
        }
        items.put(new ChangeContext("u1", "req-f1").stamp(new HashMap<>(new FollowEdge("u1", "u2", T0).toItem())));
        items.put(new ChangeContext("u2", "req-f2").stamp(new HashMap<>(new FollowEdge("u2", "u3", T0).toItem())));
        items.put(new ChangeContext("u1", "req-p1").stamp(new HashMap<>(UserProfile.builder().userId("u1")
                .email("u1@example.com").displayName("Ann").version(2).createdAt(T0).updatedAt(T0.plusSeconds(1))
                .build().toItem())));
        items.put(new ChangeContext("u3", "req-f3").stamp(new HashMap<>(new FollowEdge("u3", "u1", T0).toItem())));
        items.delete(FollowEdge.key("u1", "u2"));
        List<Record> records = tail.poll();
        ExpectedEvents expected = ExpectedEvents.of(records, tables.usersStreamArn());
        ChangeStreamHandler handler = ChangeStreamCrashIT.handler(tables, bus, engine.client(), eventBridge);

        engine.arm(fault);
        int reportedFailures = deliver(handler, records);
        long injected = engine.disarm();

        assertThat(injected).as("faults injected").isPositive();
        List<FakeEventBridge.Entry> entries = bus.entries();
        assertThat(FakeEventBridge.eventIdsByUser(entries)).as("every event once, each user's in order").isEqualTo(expected.byUser());
        assertThat(items.auditedEventIds(users)).containsAll(expected.audited());
        boolean recordFails = fault.surfaces() && !fault.operation().equals("UpdateItem") && !fault.afterApplying();
        if (recordFails) {
            assertThat(reportedFailures).as("batch item failures reported").isPositive();
        } else if (!fault.surfaces()) {
            assertThat(reportedFailures).as("the SDK absorbed the fault").isZero();
        }
    }

    /**
     * Delivers the records in batches as Lambda's event source mapping does with
     * ReportBatchItemFailures: after a partial failure, from the first failed record again.
     *
     * @return how many records were reported failed in all
     */
    private int deliver(ChangeStreamHandler handler, List<Record> records) {
        ShardDelivery shard = new ShardDelivery(records, BATCH_SIZE);
        int failures = 0;
        int invocations = 0;
        while (shard.hasNext()) {
            assertThat(++invocations).as("invocations").isLessThan(50);
            StreamsEventResponse response = handler.handleRequest(LambdaEvents.dynamodbEvent(shard.batch(),
                    tables.usersStreamArn()), null);
            failures += response.getBatchItemFailures().size();
            shard.answered(response);
        }
        return failures;
    }
}
