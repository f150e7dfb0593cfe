package dev.userbase.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.userbase.core.model.Attributes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The runner's decisions, on cancellations as DynamoDB words them (its integration is in StorageIT). */
class TransactionRunnerTest {

    private final List<Duration> waits = new ArrayList<>();

    @Test
    void cancellation_kinds() {
        assertThat(cancellation("None", "ConditionalCheckFailed").kind()).isEqualTo(Cancellation.Kind.CONDITION_FAILED);
        assertThat(cancellation("ConditionalCheckFailed", "TransactionConflict").kind()).isEqualTo(Cancellation.Kind.CONFLICT);
        assertThat(cancellation("None", "ThrottlingError").kind()).isEqualTo(Cancellation.Kind.THROTTLED);
        assertThat(cancellation("ProvisionedThroughputExceeded").retryable()).isTrue();
        assertThat(cancellation("ValidationError", "None").kind()).isEqualTo(Cancellation.Kind.OTHER);
        assertThat(cancellation("None", "None").kind()).isEqualTo(Cancellation.Kind.OTHER);
        assertThat(Cancellation.of(TransactionCanceledException.builder().message("no reasons").build()).kind())
                .isEqualTo(Cancellation.Kind.OTHER);
    }

    @Test
    void cancellation_readsItemsByIndex() {
        TransactionCanceledException e = TransactionCanceledException.builder().cancellationReasons(
                CancellationReason.builder().code("None").build(),
                CancellationReason.builder().code("ConditionalCheckFailed").item(Map.of("pk", Attributes.s("A"))).build())
                .build();
        Cancellation cancellation = Cancellation.of(e);

        assertThat(cancellation.conditionFailedAt(0)).isFalse();
        assertThat(cancellation.conditionFailedAt(1)).isTrue();
        assertThat(cancellation.conditionFailedAt(5)).isFalse();
        assertThat(cancellation.itemAt(1)).contains(Map.of("pk", Attributes.s("A")));
        assertThat(cancellation.itemAt(0)).isEmpty();
        assertThat(cancellation.codes()).containsExactly("None", "ConditionalCheckFailed");
        assertThat(cancellation.cause()).isSameAs(e);
    }

    @Test
    void commit_retriesConflictsWithFreshItems_thenSucceeds() {
        AtomicInteger built = new AtomicInteger();
        DynamoDbClient client = answering(cancelled("TransactionConflict"), cancelled("None", "ThrottlingError"), null);
        TransactionRunner runner = new TransactionRunner(client, RetryPolicy.transactionConflicts().withSleeper(waits::add));

        assertThat(runner.commit(() -> {
            built.incrementAndGet();
            return List.of();
        }, "token")).isEmpty();
        assertThat(built).hasValue(3);
        assertThat(waits).hasSize(2);
    }

    @Test
    void commit_conditionFailure_isHandedBackAtOnce() {
        DynamoDbClient client = answering(cancelled("ConditionalCheckFailed", "None"));
        TransactionRunner runner = new TransactionRunner(client, RetryPolicy.transactionConflicts().withSleeper(waits::add));

        assertThat(runner.commit(List.of())).hasValueSatisfying(c -> assertThat(c.conditionFailedAt(0)).isTrue());
        assertThat(waits).isEmpty();
        assertThatThrownBy(() -> new TransactionRunner(answering(cancelled("ConditionalCheckFailed")), RetryPolicy.none())
                .commitOrThrow(List.of())).isInstanceOf(TransactionCanceledException.class);
    }

    @Test
    void commit_conflictsThatOutlastTheRetries_throwTheLastCancellation() {
        TransactionCanceledException[] conflicts = new TransactionCanceledException[5];
        Arrays.fill(conflicts, cancelled("TransactionConflict"));
        TransactionRunner runner = new TransactionRunner(answering(conflicts),
                RetryPolicy.transactionConflicts().withSleeper(waits::add));

        assertThatThrownBy(() -> runner.commit(List.of())).isSameAs(conflicts[4]);
        assertThat(waits).hasSize(4);
    }

    private static Cancellation cancellation(String... codes) {
        return Cancellation.of(cancelled(codes));
    }

    private static TransactionCanceledException cancelled(String... codes) {
        return TransactionCanceledException.builder()
                .cancellationReasons(Arrays.stream(codes).map(c -> CancellationReason.builder().code(c).build()).toList())
                .build();
    }

    /** A client whose transactWriteItems answers each exception in turn, then (a null entry, or past the end) succeeds. */
    private static DynamoDbClient answering(TransactionCanceledException... answers) {
        AtomicInteger call = new AtomicInteger();
        return new DynamoDbClient() {
            @Override
            public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
                int n = call.getAndIncrement();
                if (n < answers.length && answers[n] != null) {
                    throw answers[n];
                }
                return TransactWriteItemsResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return "dynamodb";
            }

            @Override
            public void close() {
            }
        };
    }
}
