package dev.userbase.dynamodb.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.expr.Condition;
import dev.userbase.dynamodb.expr.ExpressionContext;
import dev.userbase.dynamodb.expr.Expressions;
import dev.userbase.dynamodb.expr.Legacy;
import dev.userbase.dynamodb.expr.Path;
import dev.userbase.dynamodb.expr.Projection;
import dev.userbase.dynamodb.expr.Projections;
import dev.userbase.dynamodb.expr.Update;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.table.Database;
import dev.userbase.dynamodb.table.RowKey;
import dev.userbase.dynamodb.table.Table;
import dev.userbase.dynamodb.table.TableSchema;

/** PutItem, GetItem, UpdateItem and DeleteItem. */
final class ItemOps {

    private final Database db;

    ItemOps(Database db) {
        this.db = db;
    }

    static Table table(Database db, Request r) {
        String name = r.string("TableName");
        Constraints.check().tableName(name, "tableName", true).throwIfAny();
        return db.findTable(name).orElseThrow(DynamoDbException::tableNotFound);
    }

    private record Written(Map<String, Value> old, Map<String, Value> item) {
    }

    /** The members PutItem, DeleteItem and UpdateItem read the same way, checked in the same order. */
    private record WriteRequest(String returnValues, String capacityMode, String metricsMode, boolean returnOld,
            Map<String, Value> item) {
    }

    /** Checks the table name, that {@code member} is present and the Return* enums; reads them and {@code member}. */
    private static WriteRequest writeRequest(Request r, String member, List<String> returnValuesAllowed) {
        String name = r.string("TableName");
        Constraints c = Constraints.check().tableName(name, "tableName", true);
        if (!r.has(member)) {
            c.notNull(null, Character.toLowerCase(member.charAt(0)) + member.substring(1));
        }
        ItemChecks.returnEnums(c, r).throwIfAny();
        String returnValues = ItemChecks.returnValues(r, returnValuesAllowed);
        String capacityMode = Capacity.mode(r);
        String metricsMode = ItemChecks.itemCollectionMetricsMode(r);
        boolean returnOld = ItemChecks.returnOldOnConditionFailure(r);
        return new WriteRequest(returnValues, capacityMode, metricsMode, returnOld, r.item(member));
    }

    /** The condition of a write that takes no other expression (PutItem, DeleteItem), or null. */
    private static Condition conditionOnly(Request r) {
        ExpressionContext context = Expr.context(r, List.of("ConditionExpression"), List.of("Expected"),
                "ConditionExpression is null");
        Condition condition = Expr.writeCondition(r, context);
        context.checkAllUsed();
        return condition;
    }

    private static void checkCondition(Condition condition, Map<String, Value> old, boolean returnOld) {
        if (condition != null && !condition.test(old == null ? Map.of() : old)) {
            throw ItemChecks.conditionFailed(old, returnOld);
        }
    }

    /** The response of a single-item write: Attributes (when not null), ConsumedCapacity, ItemCollectionMetrics. */
    private static ObjectNode writeResponse(WriteRequest w, Map<String, Value> attributes, Table table,
            Written written, Map<String, Value> key) {
        ObjectNode response = Request.response();
        if (attributes != null) {
            response.set("Attributes", ValueCodec.encodeItem(attributes));
        }
        Capacity capacity = new Capacity(table.name(), false);
        capacity.addWrite(table, written.old(), written.item(), 1);
        putIfNotNull(response, "ConsumedCapacity", capacity.node(w.capacityMode()));
        itemCollectionMetrics(response, w.metricsMode(), table.schema(), key);
        return response;
    }

    private static Map<String, Value> allOld(WriteRequest w, Written written) {
        return "ALL_OLD".equals(w.returnValues()) ? written.old() : null;
    }

    ObjectNode putItem(Request r) {
        WriteRequest w = writeRequest(r, "Item", List.of("NONE", "ALL_OLD"));
        Map<String, Value> item = w.item();
        Condition condition = conditionOnly(r);
        Table table = table(db, r);
        Map<String, Value> key = ItemChecks.checkItem(table.schema(), item, false);
        Map<String, Value> stored = new LinkedHashMap<>(item);
        Written written = db.write(table, key, false, old -> {
            checkCondition(condition, old, w.returnOld());
            return Database.Change.put(stored, new Written(old, stored));
        });
        return writeResponse(w, allOld(w, written), table, written, key);
    }

    ObjectNode getItem(Request r) {
        String name = r.string("TableName");
        Constraints c = Constraints.check().tableName(name, "tableName", true);
        if (!r.has("Key")) {
            c.notNull(null, "key");
        }
        c.returnConsumedCapacity(r.string("ReturnConsumedCapacity")).throwIfAny();
        String capacityMode = Capacity.mode(r);
        boolean consistent = r.bool("ConsistentRead", false);
        Map<String, Value> key = r.item("Key");
        ExpressionContext context = Expr.context(r, List.of("ProjectionExpression"), List.of("AttributesToGet"),
                "ProjectionExpression is null");
        Projection projection = Expr.projection(r, context);
        context.checkAllUsed();
        Table table = table(db, r);
        table.schema().keys().validateKey(key);
        Map<String, Value> item = db.get(table, table.rowKey(key));
        ObjectNode response = Request.response();
        if (item != null) {
            Map<String, Value> out = projection == null ? item : projection.apply(item);
            response.set("Item", ValueCodec.encodeItem(out));
        }
        Capacity capacity = new Capacity(table.name(), true);
        capacity.addTable(Capacity.readUnits(item == null ? 0 : dev.userbase.dynamodb.model.Items.size(item), consistent));
        putIfNotNull(response, "ConsumedCapacity", capacity.node(capacityMode));
        return response;
    }

    ObjectNode deleteItem(Request r) {
        WriteRequest w = writeRequest(r, "Key", List.of("NONE", "ALL_OLD"));
        Map<String, Value> key = w.item();
        Condition condition = conditionOnly(r);
        Table table = table(db, r);
        table.schema().keys().validateKey(key);
        Written written = db.write(table, key, false, old -> {
            checkCondition(condition, old, w.returnOld());
            return old == null ? Database.Change.none(new Written(null, null)) : Database.Change.delete(new Written(old, null));
        });
        return writeResponse(w, allOld(w, written), table, written, key);
    }

    ObjectNode updateItem(Request r) {
        WriteRequest w = writeRequest(r, "Key", ItemChecks.RETURN_VALUES);
        Map<String, Value> key = w.item();
        ExpressionContext context = Expr.context(r, List.of("UpdateExpression", "ConditionExpression"),
                List.of("AttributeUpdates", "Expected"), "UpdateExpression and ConditionExpression are null");
        Update update = null;
        if (r.has("UpdateExpression")) {
            update = Expressions.update(r.string("UpdateExpression"), context);
        } else if (r.has("AttributeUpdates")) {
            update = Legacy.attributeUpdates(r.raw("AttributeUpdates"));
        }
        Condition condition = Expr.writeCondition(r, context);
        context.checkAllUsed();
        Table table = table(db, r);
        TableSchema schema = table.schema();
        schema.keys().validateKey(key);
        ItemChecks.checkUpdateSparesKey(schema, update);
        Update change = update;
        Written written = db.write(table, key, false, old -> {
            checkCondition(condition, old, w.returnOld());
            Map<String, Value> base = new LinkedHashMap<>(old == null ? Map.of() : old);
            base.putAll(key);
            Map<String, Value> updated = change == null ? base : new LinkedHashMap<>(change.apply(base));
            updated.putAll(key);
            ItemChecks.checkItem(schema, updated, true);
            return Database.Change.put(updated, new Written(old, updated));
        });
        Map<String, Value> attributes = returnedAttributes(w.returnValues(), written, update);
        return writeResponse(w, attributes == null || attributes.isEmpty() ? null : attributes, table, written, key);
    }

    private static Map<String, Value> returnedAttributes(String returnValues, Written written, Update update) {
        switch (returnValues) {
            case "ALL_OLD":
                return written.old();
            case "ALL_NEW":
                return written.item();
            case "UPDATED_OLD":
            case "UPDATED_NEW": {
                Map<String, Value> source = returnValues.equals("UPDATED_OLD") ? written.old() : written.item();
                if (source == null || update == null) {
                    return null;
                }
                List<Path> paths = new ArrayList<>(update.paths());
                return Projections.of(paths).apply(source);
            }
            default:
                return null;
        }
    }

    static void itemCollectionMetrics(ObjectNode response, String mode, TableSchema schema, Map<String, Value> key) {
        if (!"SIZE".equals(mode) || schema.localIndexes().isEmpty()) {
            return;
        }
        ObjectNode metrics = response.putObject("ItemCollectionMetrics");
        ObjectNode collectionKey = metrics.putObject("ItemCollectionKey");
        String hash = schema.keys().hash().name();
        collectionKey.set(hash, ValueCodec.encode(key.get(hash)));
        metrics.putArray("SizeEstimateRangeGB").add(0.0).add(1.0);
    }

    static void putIfNotNull(ObjectNode node, String member, ObjectNode value) {
        if (value != null) {
            node.set(member, value);
        }
    }

    static RowKey rowKey(Table table, Map<String, Value> key) {
        return table.rowKey(key);
    }
}
