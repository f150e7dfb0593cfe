package dev.userbase.core.table;

import java.util.List;

/** The Powertools idempotency table: its default schema, partition key {@code id}, TTL on {@code expiration}. */
public final class IdempotencyTable {

    public static final String PK = "id";
    public static final String TTL_ATTRIBUTE = "expiration";

    public static final TableDefinition DEFINITION =
            new TableDefinition(KeyAttribute.string(PK), null, List.of(), TTL_ATTRIBUTE, null);

    private IdempotencyTable() {
    }
}
