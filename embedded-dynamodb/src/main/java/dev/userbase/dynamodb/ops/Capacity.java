package dev.userbase.dynamodb.ops;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.model.Items;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.table.IndexSchema;
import dev.userbase.dynamodb.table.RowKey;
import dev.userbase.dynamodb.table.Table;
import dev.userbase.dynamodb.table.TableSchema;

/**
 * Capacity units by DynamoDB's documented arithmetic: a read unit per 4 KB (half for an eventually
 * consistent read, twice for a transactional one), a write unit per 1 KB, at least one unit per
 * item; index writes on top for each index the change touches (two when an index key changes).
 */
final class Capacity {

    static final String NONE = "NONE";
    static final String TOTAL = "TOTAL";
    static final String INDEXES = "INDEXES";
    static final List<String> MODES = List.of("INDEXES", "TOTAL", "NONE");

    private final String tableName;
    private final boolean read;
    private double table;
    private final Map<String, Double> global = new TreeMap<>();
    private final Map<String, Double> local = new TreeMap<>();

    Capacity(String tableName, boolean read) {
        this.tableName = tableName;
        this.read = read;
    }

    static String mode(Request request) {
        String mode = request.string("ReturnConsumedCapacity");
        Constraints.check().returnConsumedCapacity(mode).throwIfAny();
        return mode == null ? NONE : mode;
    }

    static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, (bytes + 4095) / 4096);
        return consistent ? units : units / 2;
    }

    static double writeUnits(long bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }

    void addTable(double units) {
        table += units;
    }

    void addIndex(IndexSchema index, double units) {
        (index.global() ? global : local).merge(index.name(), units, Double::sum);
    }

    /** Adds the units of one item write: the table's, and each index's the change reaches. */
    void addWrite(Table t, Map<String, Value> old, Map<String, Value> item, double factor) {
        long size = Math.max(old == null ? 0 : Items.size(old), item == null ? 0 : Items.size(item));
        table += writeUnits(size) * factor;
        TableSchema schema = t.schema();
        for (IndexSchema index : schema.indexes()) {
            RowKey before = old == null ? null : t.indexKey(index, old);
            RowKey after = item == null ? null : t.indexKey(index, item);
            Map<String, Value> oldProjected = before == null ? null : index.project(old, schema.keys());
            Map<String, Value> newProjected = after == null ? null : index.project(item, schema.keys());
            double units = 0;
            if (before != null && after != null && before.equals(after)) {
                if (!oldProjected.equals(newProjected)) {
                    units = writeUnits(Math.max(Items.size(oldProjected), Items.size(newProjected)));
                }
            } else {
                if (before != null) {
                    units += writeUnits(Items.size(oldProjected));
                }
                if (after != null) {
                    units += writeUnits(Items.size(newProjected));
                }
            }
            if (units > 0) {
                addIndex(index, units * factor);
            }
        }
    }

    double total() {
        double total = table;
        for (double v : global.values()) {
            total += v;
        }
        for (double v : local.values()) {
            total += v;
        }
        return total;
    }

    /** The ConsumedCapacity member for {@code mode}, or null for NONE. */
    ObjectNode node(String mode) {
        if (NONE.equals(mode)) {
            return null;
        }
        ObjectNode node = Request.response();
        node.put("TableName", tableName);
        double total = total();
        node.put("CapacityUnits", total);
        node.put(read ? "ReadCapacityUnits" : "WriteCapacityUnits", total);
        if (INDEXES.equals(mode)) {
            node.set("Table", units(table));
            if (!global.isEmpty()) {
                ObjectNode g = node.putObject("GlobalSecondaryIndexes");
                global.forEach((name, units) -> g.set(name, units(units)));
            }
            if (!local.isEmpty()) {
                ObjectNode l = node.putObject("LocalSecondaryIndexes");
                local.forEach((name, units) -> l.set(name, units(units)));
            }
        }
        return node;
    }

    private ObjectNode units(double units) {
        ObjectNode n = Request.response();
        n.put("CapacityUnits", units);
        n.put(read ? "ReadCapacityUnits" : "WriteCapacityUnits", units);
        return n;
    }
}
