package dev.userbase.core.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.CounterCheckpoint;
import dev.userbase.core.model.CounterJournalPart;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The follow counter's bookkeeping on a stream shard: its {@link CounterCheckpoint} and the
 * {@link CounterJournalPart}s committed with it and not yet applied. A window's parts are created
 * in the transaction that moves the checkpoint from the sequence number it was read at (so two
 * commits of one window cannot both succeed); a part's cursor moves, and the part is finally
 * deleted, only from the cursor read (so two applications of one chunk cannot both succeed); the
 * checkpoint forgets a part with the part's last chunk, and takes its TTL back with the last one.
 */
public final class CounterJournal {

    private final Table table;

    public CounterJournal(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /** The shard's checkpoint (strongly consistent); {@link CounterCheckpoint#none} if the shard has none. */
    public CounterCheckpoint checkpoint(String shardId) {
        return table.get(CounterCheckpoint.key(shardId))
                .map(item -> CounterCheckpoint.fromItem(shardId, item))
                .orElseGet(() -> CounterCheckpoint.none(shardId));
    }

    /** A journal part (strongly consistent); empty once its last chunk was applied. */
    public Optional<CounterJournalPart> part(String shardId, String partSortKey) {
        return table.get(CounterJournalPart.key(shardId, partSortKey))
                .map(item -> CounterJournalPart.fromItem(shardId, item));
    }

    /**
     * The transaction that commits a window: each of {@code parts} created (none may exist), and the
     * checkpoint moved from {@code from}'s {@code appliedThrough} to {@code through}, listing the
     * parts as pending and losing its TTL while they are.
     */
    public List<TransactWriteItem> commitItems(CounterCheckpoint from, String through, List<CounterJournalPart> parts,
            Instant now) {
        List<TransactWriteItem> items = new ArrayList<>();
        for (CounterJournalPart part : parts) {
            items.add(table.putItem(part.toItem(now), Condition.notExists(UsersTable.PK)));
        }
        UpdateExpression update = UpdateExpression.create()
                .set(CounterCheckpoint.APPLIED_THROUGH, through)
                .set(CounterCheckpoint.UPDATED_AT, now)
                .add(CounterCheckpoint.PENDING_PARTS, Attributes.ss(parts.stream().map(CounterJournalPart::sortKey).toList()))
                .remove(CounterCheckpoint.EXPIRES_AT);
        Condition unmoved = from.appliedThrough() == null
                ? Condition.notExists(CounterCheckpoint.APPLIED_THROUGH)
                : Condition.eq(CounterCheckpoint.APPLIED_THROUGH, from.appliedThrough());
        items.add(table.updateItem(CounterCheckpoint.key(from.shardId()), update, unmoved));
        return items;
    }

    /** Moves a part's cursor from {@code cursor} (what was read) to {@code next}, with a chunk's counters. */
    public TransactWriteItem moveCursor(String shardId, String partSortKey, String cursor, String next) {
        return table.updateItem(CounterJournalPart.key(shardId, partSortKey),
                UpdateExpression.create().set(CounterJournalPart.CURSOR, next), cursorAt(cursor));
    }

    /** Deletes a part whose cursor stands at {@code cursor} (what was read), with its last chunk's counters. */
    public TransactWriteItem finishPart(String shardId, String partSortKey, String cursor) {
        return table.deleteItem(CounterJournalPart.key(shardId, partSortKey), cursorAt(cursor));
    }

    /**
     * Takes a part off the checkpoint's pending parts, with the part's last chunk; when it was the
     * last pending part, the checkpoint takes its TTL again ({@link CounterCheckpoint#RETENTION} from
     * {@code now}).
     */
    public TransactWriteItem releasePart(String shardId, String partSortKey, boolean lastPendingPart, Instant now) {
        return table.updateItem(CounterCheckpoint.key(shardId), release(partSortKey, lastPendingPart, now), null);
    }

    /** As {@link #releasePart}, on its own: for a part found gone (an attempt whose answer was lost applied it). */
    public void forgetPart(String shardId, String partSortKey, boolean lastPendingPart, Instant now) {
        table.update(CounterCheckpoint.key(shardId), release(partSortKey, lastPendingPart, now), null);
    }

    private static UpdateExpression release(String partSortKey, boolean lastPendingPart, Instant now) {
        UpdateExpression update = UpdateExpression.create()
                .delete(CounterCheckpoint.PENDING_PARTS, Attributes.ss(List.of(partSortKey)));
        if (lastPendingPart) {
            update.set(CounterCheckpoint.EXPIRES_AT, CounterCheckpoint.expiry(now));
        }
        return update;
    }

    private static Condition cursorAt(String cursor) {
        return Condition.eq(CounterJournalPart.CURSOR, cursor);
    }
}
