package dev.userbase.dynamodb.table;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.userbase.dynamodb.model.Items;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.streams.StreamLog;

/**
 * A table's rows and its secondary indexes, in sorted concurrent maps: reads never take a lock;
 * every change comes through {@link Database} under its write lock, so indexes and counts always
 * follow the rows.
 */
public final class Table {

    /** One secondary index's rows and live counts. */
    public static final class IndexRows {
        private final ConcurrentSkipListMap<RowKey, Map<String, Value>> rows = new ConcurrentSkipListMap<>();
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong size = new AtomicLong();

        public NavigableMap<RowKey, Map<String, Value>> rows() {
            return rows;
        }

        public long itemCount() {
            return count.get();
        }

        public long sizeBytes() {
            return size.get();
        }
    }

    private volatile TableSchema schema;
    private final ConcurrentSkipListMap<RowKey, Map<String, Value>> rows = new ConcurrentSkipListMap<>();
    private volatile Map<String, IndexRows> indexes = Map.of();
    private final AtomicLong itemCount = new AtomicLong();
    private final AtomicLong sizeBytes = new AtomicLong();
    private volatile StreamLog stream;

    Table(TableSchema schema) {
        this.schema = schema;
        Map<String, IndexRows> map = new HashMap<>();
        for (IndexSchema index : schema.indexes()) {
            map.put(index.name(), new IndexRows());
        }
        this.indexes = Collections.unmodifiableMap(map);
    }

    public TableSchema schema() {
        return schema;
    }

    void schema(TableSchema newSchema) {
        this.schema = newSchema;
    }

    public String name() {
        return schema.name();
    }

    public String id() {
        return schema.id();
    }

    public StreamLog stream() {
        return stream;
    }

    void stream(StreamLog log) {
        this.stream = log;
    }

    public long itemCount() {
        return itemCount.get();
    }

    public long sizeBytes() {
        return sizeBytes.get();
    }

    public RowKey rowKey(Map<String, Value> key) {
        KeySchema keys = schema.keys();
        return RowKey.of(key.get(keys.hash().name()), keys.range() == null ? null : key.get(keys.range().name()));
    }

    public Map<String, Value> get(RowKey key) {
        return rows.get(key);
    }

    /** All rows, in scan order. */
    public NavigableMap<RowKey, Map<String, Value>> rows() {
        return rows;
    }

    /** The rows of one partition, in sort-key order. */
    public NavigableMap<RowKey, Map<String, Value>> partition(Value hash) {
        return rows.subMap(RowKey.partitionBound(hash, 1, RowKey.Bound.MIN), true,
                RowKey.partitionBound(hash, 1, RowKey.Bound.MAX), true);
    }

    public IndexRows index(String name) {
        return indexes.get(name);
    }

    /** The rows of one partition of an index, in index sort-key order. */
    public NavigableMap<RowKey, Map<String, Value>> indexPartition(String name, Value hash) {
        return indexes.get(name).rows.subMap(RowKey.partitionBound(hash, 3, RowKey.Bound.MIN), true,
                RowKey.partitionBound(hash, 3, RowKey.Bound.MAX), true);
    }

    /** The index row key of {@code item} in {@code index}, or null when the item is not in it (sparse). */
    public RowKey indexKey(IndexSchema index, Map<String, Value> item) {
        Map<String, Value> indexKey = index.keys().keyOfOrNull(item);
        if (indexKey == null) {
            return null;
        }
        KeySchema tableKeys = schema.keys();
        return RowKey.ofIndex(indexKey.get(index.keys().hash().name()),
                index.keys().range() == null ? null : indexKey.get(index.keys().range().name()),
                item.get(tableKeys.hash().name()), tableKeys.range() == null ? null : item.get(tableKeys.range().name()));
    }

    /** Replaces a row (null {@code newItem} deletes it); the caller holds the database's write lock. */
    void apply(RowKey key, Map<String, Value> oldItem, Map<String, Value> newItem) {
        if (newItem == null) {
            rows.remove(key);
        } else {
            rows.put(key, newItem);
        }
        itemCount.addAndGet((newItem == null ? 0 : 1) - (oldItem == null ? 0 : 1));
        sizeBytes.addAndGet((newItem == null ? 0 : Items.size(newItem)) - (oldItem == null ? 0 : Items.size(oldItem)));
        TableSchema s = schema;
        for (IndexSchema index : s.indexes()) {
            IndexRows rowsOfIndex = indexes.get(index.name());
            if (rowsOfIndex == null) {
                continue;
            }
            RowKey before = oldItem == null ? null : indexKey(index, oldItem);
            RowKey after = newItem == null ? null : indexKey(index, newItem);
            if (before != null) {
                Map<String, Value> removed = rowsOfIndex.rows.remove(before);
                if (removed != null) {
                    rowsOfIndex.count.decrementAndGet();
                    rowsOfIndex.size.addAndGet(-Items.size(removed));
                }
            }
            if (after != null) {
                Map<String, Value> projected = index.project(newItem, s.keys());
                rowsOfIndex.rows.put(after, projected);
                rowsOfIndex.count.incrementAndGet();
                rowsOfIndex.size.addAndGet(Items.size(projected));
            }
        }
    }

    /** Makes the index maps match the schema's indexes: new ones are filled from the rows, dropped ones go. */
    void syncIndexes() {
        TableSchema s = schema;
        Map<String, IndexRows> map = new HashMap<>();
        for (IndexSchema index : s.indexes()) {
            IndexRows existing = indexes.get(index.name());
            if (existing == null) {
                existing = new IndexRows();
                for (Map<String, Value> item : rows.values()) {
                    RowKey k = indexKey(index, item);
                    if (k != null) {
                        Map<String, Value> projected = index.project(item, s.keys());
                        existing.rows.put(k, projected);
                        existing.count.incrementAndGet();
                        existing.size.addAndGet(Items.size(projected));
                    }
                }
            }
            map.put(index.name(), existing);
        }
        indexes = Collections.unmodifiableMap(map);
    }
}
