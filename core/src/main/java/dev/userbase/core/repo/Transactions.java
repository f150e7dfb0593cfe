package dev.userbase.core.repo;

import java.util.List;

import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Reading why a TransactWriteItems call was cancelled, item by item. */
public final class Transactions {

    public static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    public static final String TRANSACTION_CONFLICT = "TransactionConflict";

    private Transactions() {
    }

    /** True if the item at {@code index} of the transaction failed its condition. */
    public static boolean conditionFailedAt(TransactionCanceledException e, int index) {
        return CONDITIONAL_CHECK_FAILED.equals(codeAt(e, index));
    }

    /** True if only conditions failed (no conflict, throttling or validation error): retrying cannot help. */
    public static boolean onlyConditionsFailed(TransactionCanceledException e) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        return !reasons.isEmpty() && reasons.stream().allMatch(r ->
                r.code() == null || "None".equals(r.code()) || CONDITIONAL_CHECK_FAILED.equals(r.code()));
    }

    /** True if another transaction held one of the items: the caller may retry. */
    public static boolean conflicted(TransactionCanceledException e) {
        return e.hasCancellationReasons()
                && e.cancellationReasons().stream().anyMatch(r -> TRANSACTION_CONFLICT.equals(r.code()));
    }

    public static String codeAt(TransactionCanceledException e, int index) {
        if (!e.hasCancellationReasons() || index >= e.cancellationReasons().size()) {
            return null;
        }
        return e.cancellationReasons().get(index).code();
    }
}
