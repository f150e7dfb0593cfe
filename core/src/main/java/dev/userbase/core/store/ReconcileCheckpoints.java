package dev.userbase.core.store;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.Keys;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.storage.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The reconcile job's checkpoint item ({@code JOB#reconcile} / {@code CHECKPOINT}; its attributes
 * are {@code dev.userbase.core.reconcile.ReconcileCheckpoint}'s): read, and replaced only by the run
 * that read it (the write expects the revision it read), so two runs started at once cannot both
 * move it: the second fails instead of undoing the first's progress.
 */
public final class ReconcileCheckpoints {

    public static final String PK = "JOB#reconcile";
    public static final String SK = "CHECKPOINT";
    public static final String REVISION = "revision";

    private final Table table;

    public ReconcileCheckpoints(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    public static Map<String, AttributeValue> key() {
        return Keys.key(PK, SK);
    }

    public Optional<Map<String, AttributeValue>> find() {
        return table.get(key());
    }

    /**
     * Writes {@code item} (whose {@value #REVISION} is {@code expectedRevision + 1}) if the stored one
     * is still at {@code expectedRevision} (or there is none and it is 0).
     *
     * @throws IllegalStateException another run wrote the checkpoint meanwhile
     */
    public void save(Map<String, AttributeValue> item, long expectedRevision) {
        if (Attributes.number(item, REVISION, -1) != expectedRevision + 1) {
            throw new IllegalArgumentException("the checkpoint written must be at revision " + (expectedRevision + 1));
        }
        Condition expected = expectedRevision == 0
                ? Condition.notExists(REVISION)
                : Condition.eq(REVISION, expectedRevision);
        try {
            table.put(item, expected);
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("another reconcile run wrote the checkpoint (revision "
                    + expectedRevision + " expected); let it finish, or run again", e);
        }
    }
}
