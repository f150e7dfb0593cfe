package dev.userbase.dynamodb.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.expr.Condition;
import dev.userbase.dynamodb.expr.ExpressionContext;
import dev.userbase.dynamodb.expr.Expressions;
import dev.userbase.dynamodb.expr.KeyCondition;
import dev.userbase.dynamodb.expr.Legacy;
import dev.userbase.dynamodb.expr.Path;
import dev.userbase.dynamodb.expr.Projection;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Items;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.table.Database;
import dev.userbase.dynamodb.table.IndexSchema;
import dev.userbase.dynamodb.table.KeySchema;
import dev.userbase.dynamodb.table.RowKey;
import dev.userbase.dynamodb.table.Table;
import dev.userbase.dynamodb.table.TableSchema;

/** Query and Scan: pages of at most Limit evaluated items or 1 MB read, filtered after reading, as DynamoDB does. */
final class ReadOps {

    static final int PAGE_BYTES = 1024 * 1024;
    private static final List<String> SELECT = List.of("SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES");
    private static final long BUCKETS = 1L << 32;

    private final Database db;

    ReadOps(Database db) {
        this.db = db;
    }

    /** What both operations share once their parameters are checked. */
    private record Plan(Table table, IndexSchema index, String select, Projection projection, Condition filter,
            Long limit, boolean consistent, String capacityMode) {
    }

    private Plan plan(Request r, ExpressionContext context, String filterMember, String legacyFilterMember, boolean query) {
        String name = r.string("TableName");
        String indexName = r.string("IndexName");
        String select = r.string("Select");
        Long limit = r.integer("Limit");
        Constraints c = Constraints.check().tableName(name, "tableName", true).tableName(indexName, "indexName", false)
                .oneOf(select, "select", SELECT)
                .returnConsumedCapacity(r.string("ReturnConsumedCapacity"));
        if (limit != null && limit < 1) {
            // Query names the member 'Limit' and leaves its value out; Scan says 'limit' with the value
            c.add(query ? "Value at 'Limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
                    : "Value '" + limit + "' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        c.throwIfAny();
        String capacityMode = Capacity.mode(r);
        boolean consistent = r.bool("ConsistentRead", false);
        Projection projection = Expr.projection(r, context);
        Condition filter = null;
        if (r.has(filterMember)) {
            filter = Expressions.condition(r.string(filterMember), context, filterMember);
        } else if (r.has(legacyFilterMember)) {
            filter = Legacy.filter(r.raw(legacyFilterMember), r.string("ConditionalOperator"), legacyFilterMember);
        } else if (r.has("ConditionalOperator")) {
            throw DynamoDbException.validation("ConditionalOperator can only be used when Filter or Expected has two or more elements");
        }
        boolean projected = r.has("ProjectionExpression") || r.has("AttributesToGet");
        if ("COUNT".equals(select) && projected) {
            throw DynamoDbException.validation(r.has("AttributesToGet")
                    ? "Cannot specify the AttributesToGet when choosing to get only the Count"
                    : "Cannot specify the ProjectionExpression when choosing to get only the Count");
        }
        if ("SPECIFIC_ATTRIBUTES".equals(select) && !projected) {
            throw DynamoDbException.validation("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
        }
        if ("ALL_ATTRIBUTES".equals(select) && projected) {
            throw DynamoDbException.validation(r.has("AttributesToGet")
                    ? "Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES"
                    : "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES");
        }
        if ("ALL_PROJECTED_ATTRIBUTES".equals(select) && projected) {
            throw DynamoDbException.validation(r.has("AttributesToGet")
                    ? "Cannot specify the AttributesToGet when choosing to get ALL_PROJECTED_ATTRIBUTES"
                    : "Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES");
        }
        Table table = ItemOps.table(db, r);
        TableSchema schema = table.schema();
        IndexSchema index = null;
        if (indexName != null) {
            index = schema.index(indexName).orElseThrow(() -> DynamoDbException.validation(
                    "The table does not have the specified index: " + indexName));
            if (index.global() && consistent) {
                throw DynamoDbException.validation("Consistent reads are not supported on global secondary indexes");
            }
            if ("ALL_ATTRIBUTES".equals(select) && index.global() && !"ALL".equals(index.projectionType())) {
                throw DynamoDbException.validation("One or more parameter values were invalid: Select type ALL_ATTRIBUTES "
                        + "is not supported for global secondary index " + indexName + " because its projection type is not ALL");
            }
            if (index.global() && projection != null) {
                for (Path p : projection.paths()) {
                    if (!index.projects(p.topName(), schema.keys())) {
                        throw DynamoDbException.validation("One or more parameter values were invalid: Global secondary index "
                                + indexName + " does not project [" + p.topName() + "]");
                    }
                }
            }
        } else if ("ALL_PROJECTED_ATTRIBUTES".equals(select)) {
            throw DynamoDbException.validation("One or more parameter values were invalid: Select type "
                    + "ALL_PROJECTED_ATTRIBUTES is not supported for a " + (query ? "query" : "scan")
                    + " without an index");
        }
        if (select == null) {
            select = projected ? "SPECIFIC_ATTRIBUTES" : index != null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES";
        }
        return new Plan(table, index, select, projection, filter, limit, consistent, capacityMode);
    }

    ObjectNode query(Request r) {
        ExpressionContext context = Expr.context(r,
                List.of("KeyConditionExpression", "FilterExpression", "ProjectionExpression"),
                List.of("KeyConditions", "QueryFilter", "AttributesToGet"),
                "KeyConditionExpression is null");
        String tableName = r.string("TableName");
        Constraints.check().tableName(tableName, "tableName", true).throwIfAny();
        if (!r.has("KeyConditionExpression") && !r.has("KeyConditions")) {
            // checked after the table name but before the table is looked up
            throw DynamoDbException.validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        }
        Plan plan = plan(r, context, "FilterExpression", "QueryFilter", true);
        TableSchema schema = plan.table().schema();
        KeySchema keys = plan.index() == null ? schema.keys() : plan.index().keys();
        KeyCondition keyCondition = r.has("KeyConditionExpression")
                ? Expressions.keyCondition(r.string("KeyConditionExpression"), context, keys.names())
                : Legacy.keyConditions(r.raw("KeyConditions"), keys.names());
        context.checkAllUsed();
        if (plan.filter() != null && r.has("FilterExpression")) {
            // the key attributes of what is queried belong in the key condition, never in the filter
            for (String name : Expressions.topNames(plan.filter())) {
                if (name.equals(keys.hash().name()) || (keys.range() != null && name.equals(keys.range().name()))) {
                    throw DynamoDbException.validation("Filter Expression can only contain non-primary key attributes: "
                            + "Primary key attribute: " + name);
                }
            }
        }
        if (!keyCondition.hashValue().type().equals(keys.hash().type())
                || keyCondition.range().map(rc -> !rc.value().type().equals(keys.range() == null ? "" : keys.range().type())
                        || (rc.upper() != null && !rc.upper().type().equals(keys.range().type()))).orElse(false)) {
            throw DynamoDbException.invalidParameter("Condition parameter type does not match schema type");
        }
        boolean forward = r.bool("ScanIndexForward", true);
        Map<String, Value> start = r.item("ExclusiveStartKey");
        Table table = plan.table();
        NavigableMap<RowKey, Map<String, Value>> rows = plan.index() == null
                ? table.partition(keyCondition.hashValue())
                : table.indexPartition(plan.index().name(), keyCondition.hashValue());
        if (start != null) {
            RowKey startKey = startKey(table, plan.index(), start);
            if (!startKey.hash().equals(keyCondition.hashValue())) {
                throw DynamoDbException.validation("The provided starting key is outside query boundaries based on provided conditions");
            }
            rows = forward ? rows.tailMap(startKey, false) : rows.headMap(startKey, false);
        }
        if (!forward) {
            rows = rows.descendingMap();
        }
        String rangeName = keys.range() == null ? null : keys.range().name();
        return page(r, plan, rows, item -> keyCondition.range().map(rc -> rc.test(item.get(rangeName))).orElse(true));
    }

    ObjectNode scan(Request r) {
        ExpressionContext context = Expr.context(r, List.of("FilterExpression", "ProjectionExpression"),
                List.of("ScanFilter", "AttributesToGet"), "FilterExpression is null");
        String tableName = r.string("TableName");
        Long segment = r.integer("Segment");
        Long total = r.integer("TotalSegments");
        Constraints.check().tableName(tableName, "tableName", true).min(segment, 0, "segment").max(segment, 999999, "segment")
                .min(total, 1, "totalSegments").max(total, 1000000, "totalSegments").throwIfAny();
        if (segment != null && total == null) {
            throw DynamoDbException.validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
        }
        if (total != null && segment == null) {
            throw DynamoDbException.validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
        }
        if (segment != null && segment >= total) {
            throw DynamoDbException.validation("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: "
                    + segment + " is not less than TotalSegments: " + total);
        }
        Plan plan = plan(r, context, "FilterExpression", "ScanFilter", false);
        context.checkAllUsed();
        Table table = plan.table();
        NavigableMap<RowKey, Map<String, Value>> rows = plan.index() == null ? table.rows() : table.index(plan.index().name()).rows();
        int width = plan.index() == null ? 1 : 3;
        if (segment != null) {
            long lo = segment * BUCKETS / total;
            long hi = (segment + 1) * BUCKETS / total;
            rows = rows.subMap(RowKey.bucketStart(lo, width), true, RowKey.bucketStart(hi, width), false);
        }
        Map<String, Value> start = r.item("ExclusiveStartKey");
        if (start != null) {
            rows = rows.tailMap(startKey(table, plan.index(), start), false);
        }
        return page(r, plan, rows, item -> true);
    }

    private interface Match {
        boolean test(Map<String, Value> item);
    }

    private ObjectNode page(Request r, Plan plan, NavigableMap<RowKey, Map<String, Value>> rows, Match keyMatch) {
        Table table = plan.table();
        TableSchema schema = table.schema();
        ArrayNode items = null;
        boolean count = "COUNT".equals(plan.select());
        ObjectNode response = Request.response();
        if (!count) {
            items = response.putArray("Items");
        }
        long scanned = 0;
        long matched = 0;
        long bytes = 0;
        Map<String, Value> last = null;
        boolean more = false;
        for (Map.Entry<RowKey, Map<String, Value>> entry : rows.entrySet()) {
            if ((plan.limit() != null && scanned >= plan.limit()) || bytes >= PAGE_BYTES) {
                more = true;
                break;
            }
            Map<String, Value> item = entry.getValue();
            if (!keyMatch.test(item)) {
                continue;
            }
            scanned++;
            bytes += Items.size(item);
            last = item;
            if (plan.filter() != null && !plan.filter().test(item)) {
                continue;
            }
            matched++;
            if (!count) {
                items.add(ValueCodec.encodeItem(output(plan, table, item)));
            }
        }
        // The API Reference: once Limit items are evaluated (or 1 MB read) the operation stops and answers a
        // LastEvaluatedKey, whether or not anything is left; the next page may be empty.
        if ((plan.limit() != null && scanned >= plan.limit()) || bytes >= PAGE_BYTES) {
            more = true;
        }
        response.put("Count", matched);
        response.put("ScannedCount", scanned);
        if (more && last != null) {
            response.set("LastEvaluatedKey", ValueCodec.encodeItem(lastKey(schema, plan.index(), last)));
        }
        Capacity capacity = new Capacity(table.name(), true);
        double units = Capacity.readUnits(bytes, plan.consistent());
        if (plan.index() == null) {
            capacity.addTable(units);
        } else {
            capacity.addIndex(plan.index(), units);
        }
        ItemOps.putIfNotNull(response, "ConsumedCapacity", capacity.node(plan.capacityMode()));
        return response;
    }

    private Map<String, Value> output(Plan plan, Table table, Map<String, Value> item) {
        Map<String, Value> source = item;
        IndexSchema index = plan.index();
        TableSchema schema = table.schema();
        if (index != null && !index.global() && !"ALL".equals(index.projectionType())) {
            // a local index fetches what it does not project from the table
            boolean needsTable = "ALL_ATTRIBUTES".equals(plan.select());
            if (plan.projection() != null) {
                for (Path p : plan.projection().paths()) {
                    needsTable |= !index.projects(p.topName(), schema.keys());
                }
            }
            if (needsTable) {
                Map<String, Value> full = table.get(RowKey.of(item.get(schema.keys().hash().name()),
                        schema.keys().range() == null ? null : item.get(schema.keys().range().name())));
                if (full != null) {
                    source = full;
                }
            }
        }
        return plan.projection() == null ? source : plan.projection().apply(source);
    }

    private static Map<String, Value> lastKey(TableSchema schema, IndexSchema index, Map<String, Value> item) {
        Map<String, Value> key = new LinkedHashMap<>(schema.keys().keyOfOrNull(item));
        if (index != null) {
            key.putAll(index.keys().keyOfOrNull(item));
        }
        return key;
    }

    private static RowKey startKey(Table table, IndexSchema index, Map<String, Value> start) {
        TableSchema schema = table.schema();
        List<String> expected = new ArrayList<>();
        expected.add(schema.keys().hash().name());
        schema.keys().rangeKey().ifPresent(k -> expected.add(k.name()));
        if (index != null) {
            if (!expected.contains(index.keys().hash().name())) {
                expected.add(index.keys().hash().name());
            }
            index.keys().rangeKey().filter(k -> !expected.contains(k.name())).ifPresent(k -> expected.add(k.name()));
        }
        if (start.size() != expected.size() || !start.keySet().containsAll(expected)
                || schema.keys().keyOfOrNull(start) == null || (index != null && index.keys().keyOfOrNull(start) == null)) {
            throw DynamoDbException.validation("The provided starting key is invalid: The provided key element does not match the schema");
        }
        if (index == null) {
            return table.rowKey(start);
        }
        return table.indexKey(index, start);
    }
}
