package dev.userbase.core.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Why DynamoDB cancelled a transaction, item by item, read once for every caller. DynamoDB gives
 * each item of a cancelled TransactWriteItems a reason code: {@code None} (this item was fine),
 * {@code ConditionalCheckFailed} (with the item's old image when it was asked for), or a reason
 * that says the same request may succeed later ({@code TransactionConflict},
 * {@code ThrottlingError}, {@code ProvisionedThroughputExceeded}) or never ({@code ValidationError},
 * {@code ItemCollectionSizeLimitExceeded}).
 */
public final class Cancellation {

    public static final String NONE = "None";
    public static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    public static final String TRANSACTION_CONFLICT = "TransactionConflict";

    private static final Set<String> THROTTLED = Set.of("ThrottlingError", "ProvisionedThroughputExceeded",
            "RequestLimitExceeded");

    /** What the cancellation as a whole means for the caller. */
    public enum Kind {
        /** Only conditions failed: the data says no; retrying the same items cannot help. */
        CONDITION_FAILED,
        /** Another transaction held an item: the same request may succeed when retried. */
        CONFLICT,
        /** Throttled: retry later. */
        THROTTLED,
        /** Anything else (validation, size limits): a bug or a limit, not a race. */
        OTHER
    }

    private final TransactionCanceledException cause;
    private final List<CancellationReason> reasons;

    private Cancellation(TransactionCanceledException cause) {
        this.cause = cause;
        this.reasons = cause.hasCancellationReasons() ? List.copyOf(cause.cancellationReasons()) : List.of();
    }

    public static Cancellation of(TransactionCanceledException cause) {
        return new Cancellation(cause);
    }

    public TransactionCanceledException cause() {
        return cause;
    }

    public Kind kind() {
        if (reasons.stream().anyMatch(r -> TRANSACTION_CONFLICT.equals(r.code()))) {
            return Kind.CONFLICT;
        }
        if (reasons.stream().anyMatch(r -> THROTTLED.contains(r.code()))) {
            return Kind.THROTTLED;
        }
        if (!reasons.isEmpty() && reasons.stream().allMatch(r ->
                r.code() == null || NONE.equals(r.code()) || CONDITIONAL_CHECK_FAILED.equals(r.code()))
                && reasons.stream().anyMatch(r -> CONDITIONAL_CHECK_FAILED.equals(r.code()))) {
            return Kind.CONDITION_FAILED;
        }
        return Kind.OTHER;
    }

    /** True if the same transaction may succeed when sent again (a conflict or throttling). */
    public boolean retryable() {
        Kind kind = kind();
        return kind == Kind.CONFLICT || kind == Kind.THROTTLED;
    }

    public boolean onlyConditionsFailed() {
        return kind() == Kind.CONDITION_FAILED;
    }

    /** True if the item at {@code index} of the transaction failed its condition. */
    public boolean conditionFailedAt(int index) {
        return CONDITIONAL_CHECK_FAILED.equals(codeAt(index));
    }

    /** The old image of the item at {@code index}, when its condition failed and it existed. */
    public Optional<Map<String, AttributeValue>> itemAt(int index) {
        if (index >= reasons.size() || !reasons.get(index).hasItem() || reasons.get(index).item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(reasons.get(index).item());
    }

    public String codeAt(int index) {
        return index < reasons.size() ? reasons.get(index).code() : null;
    }

    /** The reason codes in item order, for logs. */
    public List<String> codes() {
        return reasons.stream().map(CancellationReason::code).toList();
    }

    @Override
    public String toString() {
        return "Cancellation" + codes();
    }
}
