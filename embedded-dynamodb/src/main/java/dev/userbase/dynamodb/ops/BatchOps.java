package dev.userbase.dynamodb.ops;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.expr.ExpressionContext;
import dev.userbase.dynamodb.expr.Projection;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Items;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.table.Database;
import dev.userbase.dynamodb.table.RowKey;
import dev.userbase.dynamodb.table.Table;

/** BatchGetItem (up to 100 keys) and BatchWriteItem (up to 25 puts and deletes, each applied on its own). */
final class BatchOps {

    private static final int RESPONSE_BYTES = 16 * 1024 * 1024;

    private final Database db;

    BatchOps(Database db) {
        this.db = db;
    }

    ObjectNode batchGetItem(Request r) {
        Request requestItems = r.object("RequestItems");
        if (requestItems == null || requestItems.node().isEmpty()) {
            throw DynamoDbException.validation("The requestItems parameter is required for BatchGetItem");
        }
        String capacityMode = Capacity.mode(r);
        List<String> tables = r.fieldNames("RequestItems");
        Constraints c = Constraints.check();
        int total = 0;
        for (String name : tables) {
            Request tableRequest = requestItems.object(name);
            List<Request> keys = tableRequest.objects("Keys");
            c.tableName(name, "requestItems", false);
            int n = keys == null ? 0 : keys.size();
            c.lengthAt(n, 1, 100, "RequestItems." + name + ".member.Keys");
            total += n;
        }
        if (tables.isEmpty()) {
            c.add("Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        c.throwIfAny();
        if (total > 100) {
            throw DynamoDbException.validation("Too many items requested for the BatchGetItem call");
        }
        record TableRead(Table table, List<Map<String, Value>> keys, Projection projection, boolean consistent) {
        }
        List<TableRead> reads = new ArrayList<>();
        for (String name : tables) {
            Request tableRequest = requestItems.object(name);
            ExpressionContext context = Expr.context(tableRequest, List.of("ProjectionExpression"), List.of("AttributesToGet"),
                    "ProjectionExpression is null");
            Projection projection = Expr.projection(tableRequest, context);
            context.checkAllUsed();
            Table table = db.findTable(name).orElseThrow(DynamoDbException::tableNotFound);
            List<Map<String, Value>> keys = new ArrayList<>();
            Set<RowKey> seen = new HashSet<>();
            for (Request keyRequest : tableRequest.objects("Keys")) {
                Map<String, Value> key = dev.userbase.dynamodb.json.ValueCodec.decodeItem(keyRequest.node());
                table.schema().keys().validateKey(key);
                if (!seen.add(table.rowKey(key))) {
                    throw DynamoDbException.validation("Provided list of item keys contains duplicates");
                }
                keys.add(key);
            }
            reads.add(new TableRead(table, keys, projection, tableRequest.bool("ConsistentRead", false)));
        }
        ObjectNode response = Request.response();
        ObjectNode responses = response.putObject("Responses");
        ObjectNode unprocessed = response.putObject("UnprocessedKeys");
        ArrayNode consumed = Capacity.NONE.equals(capacityMode) ? null : response.putArray("ConsumedCapacity");
        long bytes = 0;
        for (TableRead read : reads) {
            ArrayNode items = responses.putArray(read.table().name());
            Capacity capacity = new Capacity(read.table().name(), true);
            List<Map<String, Value>> left = new ArrayList<>();
            for (Map<String, Value> key : read.keys()) {
                if (bytes >= RESPONSE_BYTES) {
                    left.add(key);
                    continue;
                }
                Map<String, Value> item = db.get(read.table(), read.table().rowKey(key));
                capacity.addTable(Capacity.readUnits(item == null ? 0 : Items.size(item), read.consistent()));
                if (item != null) {
                    Map<String, Value> out = read.projection() == null ? item : read.projection().apply(item);
                    bytes += Items.size(out);
                    items.add(ValueCodec.encodeItem(out));
                }
            }
            if (!left.isEmpty()) {
                ObjectNode entry = (ObjectNode) requestItems.node().get(read.table().name()).deepCopy();
                ArrayNode keys = entry.putArray("Keys");
                left.forEach(k -> keys.add(ValueCodec.encodeItem(k)));
                unprocessed.set(read.table().name(), entry);
            }
            if (consumed != null) {
                consumed.add(capacity.node(capacityMode));
            }
        }
        return response;
    }

    ObjectNode batchWriteItem(Request r) {
        Request requestItems = r.object("RequestItems");
        if (requestItems == null || requestItems.node().isEmpty()) {
            throw DynamoDbException.validation("The requestItems parameter is required for BatchWriteItem");
        }
        String capacityMode = Capacity.mode(r);
        String metricsMode = ItemChecks.itemCollectionMetricsMode(r);
        List<String> tables = r.fieldNames("RequestItems");
        Constraints c = Constraints.check();
        int total = 0;
        boolean tooMany = false;
        for (String name : tables) {
            List<Request> writes = requestItems.objects(name);
            c.tableName(name, "requestItems", false);
            int n = writes == null ? 0 : writes.size();
            tooMany |= n > 25 || n < 1;
            total += n;
        }
        if (tooMany) {
            // Coral prints the whole map with Java's toString of each request
            StringBuilder rendered = new StringBuilder("{");
            for (String name : tables) {
                List<Request> writes = requestItems.objects(name);
                rendered.append(rendered.length() > 1 ? ", " : "").append(name).append("=[");
                for (int i = 0; writes != null && i < writes.size(); i++) {
                    rendered.append(i > 0 ? ", " : "").append("WriteRequest(").append(writes.get(i).node()).append(")");
                }
                rendered.append("]");
            }
            rendered.append("}");
            c.add("Value '" + rendered + "' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
                    + "[Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
        }
        if (tables.isEmpty()) {
            c.add("Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        c.throwIfAny();
        if (total > 25) {
            throw DynamoDbException.validation("Too many items requested for the BatchWriteItem call");
        }
        record Write(Table table, Map<String, Value> key, Map<String, Value> item) {
        }
        List<Write> writes = new ArrayList<>();
        for (String name : tables) {
            Table table = db.findTable(name).orElseThrow(DynamoDbException::tableNotFound);
            Set<RowKey> seen = new HashSet<>();
            for (Request write : requestItems.objects(name)) {
                Request put = write.object("PutRequest");
                Request delete = write.object("DeleteRequest");
                if ((put == null) == (delete == null)) {
                    throw DynamoDbException.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
                }
                Map<String, Value> key;
                Map<String, Value> item = null;
                if (put != null) {
                    item = put.item("Item");
                    if (item == null) {
                        throw DynamoDbException.validation("1 validation error detected: Value null at 'requestItems."
                                + name + ".member.putRequest.item' failed to satisfy constraint: Member must not be null");
                    }
                    key = ItemChecks.checkItem(table.schema(), item, false);
                } else {
                    key = delete.item("Key");
                    if (key == null) {
                        throw DynamoDbException.validation("1 validation error detected: Value null at 'requestItems."
                                + name + ".member.deleteRequest.key' failed to satisfy constraint: Member must not be null");
                    }
                    table.schema().keys().validateKey(key);
                }
                if (!seen.add(table.rowKey(key))) {
                    throw DynamoDbException.validation("Provided list of item keys contains duplicates");
                }
                writes.add(new Write(table, key, item));
            }
        }
        Map<String, Capacity> capacities = new LinkedHashMap<>();
        for (Write w : writes) {
            Map<String, Value> stored = w.item() == null ? null : new LinkedHashMap<>(w.item());
            Map<String, Value> old = db.write(w.table(), w.key(), false,
                    current -> stored == null && current == null ? Database.Change.none(null)
                            : new Database.Change<>(true, stored, current));
            capacities.computeIfAbsent(w.table().name(), n -> new Capacity(n, false)).addWrite(w.table(), old, stored, 1);
        }
        ObjectNode response = Request.response();
        response.putObject("UnprocessedItems");
        if (!Capacity.NONE.equals(capacityMode)) {
            ArrayNode consumed = response.putArray("ConsumedCapacity");
            capacities.values().forEach(cap -> consumed.add(cap.node(capacityMode)));
        }
        if ("SIZE".equals(metricsMode)) {
            ObjectNode metrics = response.putObject("ItemCollectionMetrics");
            for (Write w : writes) {
                if (!w.table().schema().localIndexes().isEmpty()) {
                    ObjectNode tmp = Request.response();
                    ItemOps.itemCollectionMetrics(tmp, "SIZE", w.table().schema(), w.key());
                    ArrayNode list = metrics.has(w.table().name()) ? (ArrayNode) metrics.get(w.table().name())
                            : metrics.putArray(w.table().name());
                    list.add(tmp.get("ItemCollectionMetrics"));
                }
            }
        }
        return response;
    }
}
