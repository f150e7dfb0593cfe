package dev.userbase.core.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The one way the code writes a transaction. {@link #commit} sends the items; a cancellation that
 * may clear (a conflict with another transaction, throttling) is retried under the runner's
 * {@link RetryPolicy} with the items built afresh, and one the data decides (conditions failed) is
 * handed back, classified, for the caller to read item by item. When the retries run out, the
 * last {@link TransactionCanceledException} is thrown: the API answers it with a 503 the client
 * may retry.
 */
public final class TransactionRunner {

    private final DynamoDbClient dynamoDb;
    private final RetryPolicy conflicts;

    public TransactionRunner(DynamoDbClient dynamoDb) {
        this(dynamoDb, RetryPolicy.transactionConflicts());
    }

    public TransactionRunner(DynamoDbClient dynamoDb, RetryPolicy conflicts) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.conflicts = Objects.requireNonNull(conflicts, "conflicts");
    }

    /**
     * Writes the items atomically.
     *
     * @return empty when the transaction was written; otherwise why the data refused it (never a
     *     retryable cancellation: those are retried, then thrown)
     */
    public Optional<Cancellation> commit(List<TransactWriteItem> items) {
        return commit(() -> items, null);
    }

    /**
     * As {@link #commit(List)}, building the items anew for each attempt, with an idempotency
     * token: DynamoDB treats a repeat of the same token within 10 minutes as the same transaction,
     * so a retry after a lost response does not apply it twice.
     */
    public Optional<Cancellation> commit(Supplier<List<TransactWriteItem>> items, String clientRequestToken) {
        return conflicts.retrying(TransactionRunner::retryable, attempt -> {
            TransactWriteItemsRequest.Builder request = TransactWriteItemsRequest.builder().transactItems(items.get());
            if (clientRequestToken != null) {
                request.clientRequestToken(clientRequestToken);
            }
            try {
                dynamoDb.transactWriteItems(request.build());
                return Optional.<Cancellation>empty();
            } catch (TransactionCanceledException e) {
                Cancellation cancellation = Cancellation.of(e);
                if (cancellation.retryable()) {
                    throw e;
                }
                return Optional.of(cancellation);
            }
        });
    }

    /** Writes the items atomically or throws: for transactions whose conditions cannot fail but by a bug. */
    public void commitOrThrow(List<TransactWriteItem> items) {
        commit(items).ifPresent(cancellation -> {
            throw cancellation.cause();
        });
    }

    private static boolean retryable(RuntimeException e) {
        return e instanceof TransactionCanceledException cancelled && Cancellation.of(cancelled).retryable();
    }
}
