package dev.userbase.dynamodb.persist;

import java.util.List;
import java.util.Map;

import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.table.TableSchema;

/**
 * A change to the database as the journal records it. Live changes and recovery both go through
 * {@code Database.apply}, so what is replayed is exactly what was applied.
 */
public sealed interface Mutation {

    record CreateTable(TableSchema schema) implements Mutation {
    }

    /** The table's schema after an UpdateTable, UpdateTimeToLive, TagResource, …; indexes and streams follow it. */
    record UpdateTable(TableSchema schema, long atMillis) implements Mutation {
    }

    record DeleteTable(String tableId, long atMillis) implements Mutation {
    }

    /**
     * Item writes that take effect together: one write, or every write of a transaction.
     *
     * @param firstSequence the stream sequence number of the first write that a stream records
     * @param clientToken a transaction's ClientRequestToken with the fingerprint of its request, or null
     */
    record WriteItems(long firstSequence, long atMillis, List<ItemWrite> writes, String clientToken,
            String tokenFingerprint) implements Mutation {
    }

    /** One item's new state; a null {@code item} deletes it; {@code service} marks a TTL deletion. */
    record ItemWrite(String tableId, Map<String, Value> key, Map<String, Value> item, boolean service) {
    }
}
