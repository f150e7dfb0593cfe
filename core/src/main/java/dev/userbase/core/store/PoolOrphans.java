package dev.userbase.core.store;

import java.util.Objects;

import dev.userbase.core.model.PoolOrphan;
import dev.userbase.core.storage.Table;

/**
 * The markers of Cognito users that an admin creation could not finish ({@link PoolOrphan}): written
 * once, deleted by DynamoDB's TTL, whose stream record has the change stream delete the Cognito user.
 */
public final class PoolOrphans {

    private final Table table;

    public PoolOrphans(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /** Records the orphan; recording it again (a retried request) writes the same marker. */
    public void record(PoolOrphan orphan) {
        table.put(orphan.toItem());
    }
}
