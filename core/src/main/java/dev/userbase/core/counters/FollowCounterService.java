package dev.userbase.core.counters;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.model.CounterCheckpoint;
import dev.userbase.core.model.CounterJournalPart;
import dev.userbase.core.model.PendingFollowCounts;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.TransactionRunner;
import dev.userbase.core.store.CounterJournal;
import dev.userbase.core.store.FollowCounts;
import dev.userbase.core.streams.ChangeRecord;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Keeps {@code followerCount} / {@code followingCount} on profiles equal to the follow edges, exactly
 * once per edge INSERT or REMOVE, for the follow-counter event source mapping (tumbling window).
 *
 * <p>Each invocation of a window: (1) reads the shard's {@link CounterCheckpoint} and first applies
 * any journal part a failed invocation left behind ({@link JournalApply}); (2) adds the window's new
 * records to the running {@link CounterWindowState}, skipping any record at or below the checkpoint
 * or already in the state (Lambda redelivers; {@link WindowAggregation}); (3) at the window's end (or
 * when the state nears its size budget) commits the deltas: one transaction writes them as
 * {@link CounterJournalPart}s and advances the checkpoint ({@link JournalCommit}), then each part is
 * applied to the profiles in chunks of one transaction each, moving the part's cursor with its
 * counters ({@link JournalApply}). This class only orders those steps; the items and their
 * conditions are {@link CounterJournal}'s and {@link FollowCounts}'. A crash at any point leaves either nothing done or a
 * journal that the retry (or the next invocation on the shard) finishes, so each edge counts once.
 *
 * <p>Every counter write adds 1 to the profile's {@link UserProfile#COUNT_WRITES}, so the reconcile job
 * can tell that none was applied between its observations. Counter writes never touch {@code version},
 * {@code updatedAt} or the change stamp, never create
 * a profile (a missing profile's delta is parked in {@link PendingFollowCounts}), and never make a
 * count negative (a delta that would is clamped at zero and logged: it means edges were written
 * before counting began or records were lost; {@link ChunkRefusal}).
 */
public final class FollowCounterService {

    private final FollowCounterSettings settings;
    private final CounterStats stats;
    private final CounterJournal journal;
    private final WindowAggregation aggregation;
    private final JournalCommit commit;
    private final JournalApply apply;

    public FollowCounterService(DynamoDbClient dynamoDb, String table, Clock clock,
            FollowCounterSettings settings, CounterStats stats) {
        Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.stats = Objects.requireNonNull(stats, "stats");
        Table users = new Table(Objects.requireNonNull(dynamoDb, "dynamoDb"), Objects.requireNonNull(table, "table"));
        TransactionRunner runner = new TransactionRunner(dynamoDb, settings.conflicts());
        this.journal = new CounterJournal(users);
        this.aggregation = new WindowAggregation(stats);
        this.commit = new JournalCommit(journal, runner, clock, stats, settings.journalPartBytes());
        this.apply = new JournalApply(journal, new FollowCounts(users), runner, clock, stats, settings.maxTransactItems());
    }

    public static FollowCounterService create(AwsClients clients, Clock clock) {
        return new FollowCounterService(clients.dynamoDb(), clients.config().usersTable(), clock,
                FollowCounterSettings.defaults(), new CounterStats());
    }

    public CounterStats stats() {
        return stats;
    }

    /**
     * One invocation of a tumbling window on {@code shardId}.
     *
     * @param records the invocation's records, in stream order (others than follow edges are ignored)
     * @param state the state Lambda passed in (empty for a window's first invocation)
     * @param windowEnds the final invocation of the window, or a window Lambda ended early
     * @return the state to hand back to Lambda
     */
    public Map<String, String> process(String shardId, List<ChangeRecord> records, Map<String, String> state,
            boolean windowEnds) {
        Objects.requireNonNull(shardId, "shardId: the follow-counter mapping needs a tumbling window");
        CounterCheckpoint checkpoint = checkpoint(shardId);
        if (!checkpoint.pendingParts().isEmpty()) {
            apply.applyPending(checkpoint);
            checkpoint = checkpoint(shardId);
        }
        CounterWindowState window = WindowAggregation.resume(CounterWindowState.decode(state), checkpoint);
        aggregation.aggregate(window, checkpoint, records);
        if (windowEnds || window.estimatedBytes() > settings.stateBudgetBytes()) {
            if (commit.commit(checkpoint, window)) {
                apply.applyPending(checkpoint(shardId));
            }
            window = CounterWindowState.startingAfter(window.max());
        }
        return window.encode();
    }

    /** Applies every journal part left pending on a shard (recovery; also done by {@link #process}). */
    public void drain(String shardId) {
        CounterCheckpoint checkpoint = checkpoint(shardId);
        if (!checkpoint.pendingParts().isEmpty()) {
            apply.applyPending(checkpoint);
        }
    }

    private CounterCheckpoint checkpoint(String shardId) {
        stats.read();
        return journal.checkpoint(shardId);
    }
}
