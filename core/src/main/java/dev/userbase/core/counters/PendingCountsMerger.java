package dev.userbase.core.counters;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.model.PendingFollowCounts;
import dev.userbase.core.storage.RetryPolicy;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.TransactionRunner;
import dev.userbase.core.store.FollowCounts;
import dev.userbase.core.store.FollowCounts.StoredCounts;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Folds {@link PendingFollowCounts} into a profile once it exists (the change stream calls this
 * when it sees a profile created). The profile's counts are set from what was read and the parked
 * item is deleted at the revision read, in one transaction, so a fold happens once and a delta
 * parked meanwhile is not lost (the transaction fails and is redone, in
 * {@link RetryPolicy#optimisticRounds} rounds). Counts never go below zero.
 */
public final class PendingCountsMerger {

    private static final Logger LOG = LogManager.getLogger(PendingCountsMerger.class);

    private final FollowCounts counts;
    private final TransactionRunner runner;
    private final RetryPolicy rounds;

    public PendingCountsMerger(DynamoDbClient dynamoDb, String table) {
        this(new Table(dynamoDb, table), new TransactionRunner(dynamoDb), RetryPolicy.optimisticRounds());
    }

    public PendingCountsMerger(Table table, TransactionRunner runner, RetryPolicy rounds) {
        this.counts = new FollowCounts(Objects.requireNonNull(table, "table"));
        this.runner = Objects.requireNonNull(runner, "runner");
        this.rounds = Objects.requireNonNull(rounds, "rounds");
    }

    /** True if parked counts were folded into the profile; false if there were none (or no profile yet). */
    public boolean merge(String userId) {
        return rounds.run(attempt -> {
            Optional<PendingFollowCounts> parked = counts.parked(userId);
            if (parked.isEmpty()) {
                return Optional.of(false);
            }
            Optional<StoredCounts> profile = counts.stored(userId);
            if (profile.isEmpty()) {
                return Optional.of(false); // still no profile: the counts stay parked until it is created
            }
            return fold(userId, parked.get(), profile.get()) ? Optional.of(true) : Optional.empty();
        }, () -> new IllegalStateException("could not fold parked follow counts of " + userId));
    }

    /** @return false when the profile's counts or the parked ones moved since they were read */
    private boolean fold(String userId, PendingFollowCounts parked, StoredCounts profile) {
        // a counter write, as the pipeline's: it counts on the profile's counter writes
        var items = List.of(
                counts.replaceCounts(userId, CounterWrite.Clamp.sum(profile.followers(), parked.followers()),
                        CounterWrite.Clamp.sum(profile.following(), parked.following())),
                counts.unpark(parked));
        try {
            if (runner.commit(items).isPresent()) {
                return false;
            }
        } catch (TransactionCanceledException e) {
            return false; // conflicts outlasted the runner's retries: read again
        }
        LOG.info("folded parked follow counts ({}, {}) into the profile of {}",
                parked.followers(), parked.following(), userId);
        return true;
    }
}
