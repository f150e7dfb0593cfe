package dev.userbase.core.store;

import java.util.Objects;
import java.util.Optional;

import dev.userbase.core.reconcile.ReconcileCheckpoint;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.storage.Table;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The reconcile job's checkpoint item ({@link ReconcileCheckpoint}): read, and replaced only by the
 * run that read it (the write expects the revision it read and adds one), so two runs started at
 * once cannot both move it: the second fails instead of undoing the first's progress.
 */
public final class ReconcileCheckpoints {

    private final Table table;

    public ReconcileCheckpoints(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    public Optional<ReconcileCheckpoint> find() {
        return table.get(ReconcileCheckpoint.key(), ReconcileCheckpoint::fromItem);
    }

    /**
     * Writes {@code checkpoint} at {@code revision + 1} if the stored one is still at its
     * {@code revision} (or there is none and the revision is 0).
     *
     * @return the checkpoint as written
     * @throws IllegalStateException another run wrote the checkpoint meanwhile
     */
    public ReconcileCheckpoint save(ReconcileCheckpoint checkpoint) {
        ReconcileCheckpoint next = checkpoint.atRevision(checkpoint.revision() + 1);
        Condition expected = checkpoint.revision() == 0
                ? Condition.notExists(ReconcileCheckpoint.REVISION)
                : Condition.eq(ReconcileCheckpoint.REVISION, checkpoint.revision());
        try {
            table.put(next.toItem(), expected);
            return next;
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("another reconcile run wrote the checkpoint (revision "
                    + checkpoint.revision() + " expected); let it finish, or run again", e);
        }
    }
}
