package dev.userbase.dynamodb.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything DescribeTable tells about a table except its live counts: immutable; a change makes a new one.
 *
 * @param id the table's unique id (TableId), new for every CreateTable of a name
 * @param attributes attribute definitions: name to type
 * @param streamViewType the stream's view type, or null when the stream is disabled
 * @param streamLabel the label of the table's latest stream (kept after the stream is disabled), or null
 * @param ttlAttribute the TTL attribute, or null when TTL is disabled
 */
public record TableSchema(String name, String id, String arn, double createdAt, KeySchema keys,
        Map<String, String> attributes, List<IndexSchema> indexes, String billingMode, Throughput throughput,
        String streamViewType, String streamLabel, String ttlAttribute, boolean deletionProtection,
        String tableClass, Map<String, String> tags) {

    public TableSchema {
        attributes = Map.copyOf(new LinkedHashMap<>(attributes));
        indexes = List.copyOf(indexes);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public boolean streamEnabled() {
        return streamViewType != null;
    }

    public boolean onDemand() {
        return "PAY_PER_REQUEST".equals(billingMode);
    }

    public Optional<IndexSchema> index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst();
    }

    public List<IndexSchema> globalIndexes() {
        return indexes.stream().filter(IndexSchema::global).toList();
    }

    public List<IndexSchema> localIndexes() {
        return indexes.stream().filter(i -> !i.global()).toList();
    }

    public String streamArn() {
        return streamLabel == null ? null : arn + "/stream/" + streamLabel;
    }

    public TableSchema withIndexes(List<IndexSchema> newIndexes, Map<String, String> newAttributes) {
        return new TableSchema(name, id, arn, createdAt, keys, newAttributes, newIndexes, billingMode, throughput,
                streamViewType, streamLabel, ttlAttribute, deletionProtection, tableClass, tags);
    }

    public TableSchema withIndex(IndexSchema changed) {
        List<IndexSchema> list = new ArrayList<>();
        for (IndexSchema i : indexes) {
            list.add(i.name().equals(changed.name()) ? changed : i);
        }
        return withIndexes(list, attributes);
    }

    public TableSchema withStream(String viewType, String label) {
        return new TableSchema(name, id, arn, createdAt, keys, attributes, indexes, billingMode, throughput,
                viewType, label, ttlAttribute, deletionProtection, tableClass, tags);
    }

    public TableSchema withTtl(String attribute) {
        return new TableSchema(name, id, arn, createdAt, keys, attributes, indexes, billingMode, throughput,
                streamViewType, streamLabel, attribute, deletionProtection, tableClass, tags);
    }

    public TableSchema withBilling(String mode, Throughput newThroughput) {
        return new TableSchema(name, id, arn, createdAt, keys, attributes, indexes, mode, newThroughput,
                streamViewType, streamLabel, ttlAttribute, deletionProtection, tableClass, tags);
    }

    public TableSchema withDeletionProtection(boolean enabled) {
        return new TableSchema(name, id, arn, createdAt, keys, attributes, indexes, billingMode, throughput,
                streamViewType, streamLabel, ttlAttribute, enabled, tableClass, tags);
    }

    public TableSchema withTableClass(String newClass) {
        return new TableSchema(name, id, arn, createdAt, keys, attributes, indexes, billingMode, throughput,
                streamViewType, streamLabel, ttlAttribute, deletionProtection, newClass, tags);
    }

    public TableSchema withTags(Map<String, String> newTags) {
        return new TableSchema(name, id, arn, createdAt, keys, attributes, indexes, billingMode, throughput,
                streamViewType, streamLabel, ttlAttribute, deletionProtection, tableClass, newTags);
    }
}
