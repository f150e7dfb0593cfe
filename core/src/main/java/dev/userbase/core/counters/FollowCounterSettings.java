package dev.userbase.core.counters;

import java.time.Duration;

/**
 * Tuning of the follow counters.
 *
 * @param stateBudgetBytes flush a window's deltas early when its state grows past this (Lambda ends a
 *     window whose state exceeds 1 MB)
 * @param journalPartBytes largest journal part (an item is at most 400 KB)
 * @param maxTransactItems items per TransactWriteItems (DynamoDB allows 100)
 * @param maxConflictRetries retries of a transaction that another writer held, before failing the invocation
 * @param conflictBackoff first pause after a conflict; doubles on each retry
 */
public record FollowCounterSettings(
        long stateBudgetBytes,
        long journalPartBytes,
        int maxTransactItems,
        int maxConflictRetries,
        Duration conflictBackoff) {

    public FollowCounterSettings {
        if (maxTransactItems < 4) {
            throw new IllegalArgumentException("maxTransactItems must leave room for counters");
        }
    }

    public static FollowCounterSettings defaults() {
        return new FollowCounterSettings(700_000, 300_000, 100, 8, Duration.ofMillis(20));
    }

    public FollowCounterSettings withStateBudgetBytes(long bytes) {
        return new FollowCounterSettings(bytes, journalPartBytes, maxTransactItems, maxConflictRetries, conflictBackoff);
    }

    public FollowCounterSettings withMaxTransactItems(int items) {
        return new FollowCounterSettings(stateBudgetBytes, journalPartBytes, items, maxConflictRetries, conflictBackoff);
    }

    public FollowCounterSettings withJournalPartBytes(long bytes) {
        return new FollowCounterSettings(stateBudgetBytes, bytes, maxTransactItems, maxConflictRetries, conflictBackoff);
    }
}
