package dev.userbase.dynamodb.ops;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.expr.Path;
import dev.userbase.dynamodb.expr.Update;
import dev.userbase.dynamodb.model.Items;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.table.IndexSchema;
import dev.userbase.dynamodb.table.KeyAttribute;
import dev.userbase.dynamodb.table.TableSchema;

/** The checks every written item passes: its keys, its index keys, its size. */
final class ItemChecks {

    static final List<String> RETURN_VALUES = List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
    static final List<String> ON_CONDITION_FAILURE = List.of("ALL_OLD", "NONE");

    private ItemChecks() {
    }

    /** Checks an item to be put and returns its key. */
    static Map<String, Value> checkItem(TableSchema schema, Map<String, Value> item, boolean update) {
        Map<String, Value> key = schema.keys().validateItemKey(item);
        checkIndexKeys(schema, item);
        if (Items.size(item) > Items.MAX_ITEM_SIZE) {
            throw DynamoDbException.validation(update ? "Item size to update has exceeded the maximum allowed size"
                    : "Item size has exceeded the maximum allowed size");
        }
        return key;
    }

    /** Refuses an update that sets or removes a key attribute of the table. */
    static void checkUpdateSparesKey(TableSchema schema, Update update) {
        if (update == null) {
            return;
        }
        for (Path path : update.paths()) {
            if (schema.keys().isKeyAttribute(path.topName())) {
                throw DynamoDbException.invalidParameter("Cannot update attribute " + path.topName()
                        + ". This attribute is part of the key");
            }
        }
    }

    static void checkIndexKeys(TableSchema schema, Map<String, Value> item) {
        for (IndexSchema index : schema.indexes()) {
            checkIndexKey(index, index.keys().hash(), item);
            if (index.keys().range() != null) {
                checkIndexKey(index, index.keys().range(), item);
            }
        }
    }

    private static void checkIndexKey(IndexSchema index, KeyAttribute key, Map<String, Value> item) {
        Value v = item.get(key.name());
        if (v == null) {
            return;
        }
        if (!v.type().equals(key.type())) {
            throw DynamoDbException.invalidParameter("Type mismatch for Index Key " + key.name() + " Expected: "
                    + key.type() + " Actual: " + v.type() + " IndexName: " + index.name());
        }
        if ((v instanceof Value.S s && s.value().isEmpty()) || (v instanceof Value.B b && b.value().length() == 0)) {
            throw DynamoDbException.validation("One or more parameter values are not valid. A value specified for a "
                    + "secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty "
                    + (v instanceof Value.S ? "string" : "binary") + " value. IndexName: " + index.name() + ", IndexKey: " + key.name());
        }
    }

    /** Adds the checks of the Return* enums a write takes, so they are reported with the others. */
    static Constraints returnEnums(Constraints c, Request r) {
        return c.oneOf(r.string("ReturnValues"), "returnValues", RETURN_VALUES)
                .returnConsumedCapacity(r.string("ReturnConsumedCapacity"))
                .oneOf(r.string("ReturnItemCollectionMetrics"), "returnItemCollectionMetrics", List.of("SIZE", "NONE"))
                .returnValuesOnConditionCheckFailure(r.string("ReturnValuesOnConditionCheckFailure"));
    }

    static String returnValues(Request r, List<String> allowed) {
        String rv = r.string("ReturnValues");
        Constraints.check().oneOf(rv, "returnValues", RETURN_VALUES).throwIfAny();
        if (rv != null && !allowed.contains(rv)) {
            throw DynamoDbException.validation("Return values set to invalid value");
        }
        return rv == null ? "NONE" : rv;
    }

    static boolean returnOldOnConditionFailure(Request r) {
        String v = r.string("ReturnValuesOnConditionCheckFailure");
        Constraints.check().returnValuesOnConditionCheckFailure(v).throwIfAny();
        return "ALL_OLD".equals(v);
    }

    static DynamoDbException conditionFailed(Map<String, Value> old, boolean returnOld) {
        return DynamoDbException.conditionalCheckFailed(returnOld && old != null ? Optional.of(old) : Optional.empty());
    }

    static String itemCollectionMetricsMode(Request r) {
        String v = r.string("ReturnItemCollectionMetrics");
        Constraints.check().oneOf(v, "returnItemCollectionMetrics", List.of("SIZE", "NONE")).throwIfAny();
        return v == null ? "NONE" : v;
    }
}
