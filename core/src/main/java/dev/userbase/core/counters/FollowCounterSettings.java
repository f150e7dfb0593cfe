package dev.userbase.core.counters;

import java.util.Objects;

import dev.userbase.core.storage.RetryPolicy;

/**
 * Tuning of the follow counters.
 *
 * @param stateBudgetBytes flush a window's deltas early when its state grows past this (Lambda ends a
 *     window whose state exceeds 1 MB)
 * @param journalPartBytes largest journal part (an item is at most 400 KB)
 * @param maxTransactItems items per TransactWriteItems (DynamoDB allows 100)
 * @param conflicts how a transaction that another writer held is retried before the invocation fails
 *     ({@link RetryPolicy#counterConflicts}; tests replace its sleep)
 */
public record FollowCounterSettings(
        long stateBudgetBytes,
        long journalPartBytes,
        int maxTransactItems,
        RetryPolicy conflicts) {

    public FollowCounterSettings {
        if (maxTransactItems < 4) {
            throw new IllegalArgumentException("maxTransactItems must leave room for counters");
        }
        Objects.requireNonNull(conflicts, "conflicts");
    }

    public static FollowCounterSettings defaults() {
        return new FollowCounterSettings(700_000, 300_000, 100, RetryPolicy.counterConflicts());
    }

    public FollowCounterSettings withStateBudgetBytes(long bytes) {
        return new FollowCounterSettings(bytes, journalPartBytes, maxTransactItems, conflicts);
    }

    public FollowCounterSettings withMaxTransactItems(int items) {
        return new FollowCounterSettings(stateBudgetBytes, journalPartBytes, items, conflicts);
    }

    public FollowCounterSettings withJournalPartBytes(long bytes) {
        return new FollowCounterSettings(stateBudgetBytes, bytes, maxTransactItems, conflicts);
    }

    public FollowCounterSettings withConflicts(RetryPolicy policy) {
        return new FollowCounterSettings(stateBudgetBytes, journalPartBytes, maxTransactItems, policy);
    }
}
