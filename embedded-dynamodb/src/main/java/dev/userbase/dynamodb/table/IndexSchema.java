package dev.userbase.dynamodb.table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.userbase.dynamodb.model.Value;

/**
 * A secondary index: its key, what it projects, and (for a GSI) its own provisioned throughput.
 *
 * @param projectionType ALL, KEYS_ONLY or INCLUDE
 * @param nonKeyAttributes the attributes INCLUDE adds, in the order given
 */
public record IndexSchema(String name, boolean global, KeySchema keys, String projectionType,
        List<String> nonKeyAttributes, Throughput throughput, String status) {

    public IndexSchema {
        nonKeyAttributes = nonKeyAttributes == null ? List.of() : List.copyOf(nonKeyAttributes);
    }

    public IndexSchema withStatus(String newStatus) {
        return new IndexSchema(name, global, keys, projectionType, nonKeyAttributes, throughput, newStatus);
    }

    public IndexSchema withThroughput(Throughput newThroughput) {
        return new IndexSchema(name, global, keys, projectionType, nonKeyAttributes, newThroughput, status);
    }

    /** The item as this index stores it: the table's and index's keys plus the projected attributes. */
    public Map<String, Value> project(Map<String, Value> item, KeySchema tableKeys) {
        if ("ALL".equals(projectionType)) {
            return item;
        }
        Map<String, Value> projected = new LinkedHashMap<>();
        copy(item, projected, tableKeys.hash().name());
        tableKeys.rangeKey().ifPresent(r -> copy(item, projected, r.name()));
        copy(item, projected, keys.hash().name());
        keys.rangeKey().ifPresent(r -> copy(item, projected, r.name()));
        if ("INCLUDE".equals(projectionType)) {
            for (String a : nonKeyAttributes) {
                copy(item, projected, a);
            }
        }
        return projected;
    }

    /** Whether a read of {@code attribute} can be answered from this index alone. */
    public boolean projects(String attribute, KeySchema tableKeys) {
        return "ALL".equals(projectionType) || tableKeys.isKeyAttribute(attribute) || keys.isKeyAttribute(attribute)
                || ("INCLUDE".equals(projectionType) && nonKeyAttributes.contains(attribute));
    }

    private static void copy(Map<String, Value> from, Map<String, Value> to, String name) {
        Value v = from.get(name);
        if (v != null) {
            to.put(name, v);
        }
    }
}
