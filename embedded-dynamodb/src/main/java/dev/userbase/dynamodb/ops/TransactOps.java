package dev.userbase.dynamodb.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.DynamoDbException.CancellationReason;
import dev.userbase.dynamodb.expr.Condition;
import dev.userbase.dynamodb.expr.ExpressionContext;
import dev.userbase.dynamodb.expr.Expressions;
import dev.userbase.dynamodb.expr.Projection;
import dev.userbase.dynamodb.expr.Update;
import dev.userbase.dynamodb.json.JsonTrees;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Items;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.persist.Mutation;
import dev.userbase.dynamodb.table.Database;
import dev.userbase.dynamodb.table.Table;
import dev.userbase.dynamodb.table.TableSchema;

/**
 * TransactWriteItems and TransactGetItems: all or nothing, with positional cancellation reasons,
 * ClientRequestToken idempotency for ten minutes, and conflicts with transactions in flight.
 */
final class TransactOps {

    private static final int MAX_ITEMS = 100;
    private static final long MAX_BYTES = 4L * 1024 * 1024;

    private final Database db;
    private final Duration window;

    /** @param window how long a transaction keeps its items marked between its two steps (zero: no gap) */
    TransactOps(Database db, Duration window) {
        this.db = db;
        this.window = window;
    }

    private enum Kind { CONDITION_CHECK, PUT, DELETE, UPDATE }

    private record Action(Kind kind, Table table, Map<String, Value> key, Map<String, Value> item, Condition condition,
            Update update, boolean returnOld) {
    }

    ObjectNode transactWriteItems(Request r) {
        List<Request> items = r.objects("TransactItems");
        Constraints c = transactItems(items);
        String token = r.string("ClientRequestToken");
        if (token != null) {
            c.length(token, token.length(), 1, 36, "clientRequestToken");
        }
        c.throwIfAny();
        String capacityMode = Capacity.mode(r);
        ItemChecks.itemCollectionMetricsMode(r);
        List<Action> actions = new ArrayList<>();
        Set<Database.ItemRef> seen = new HashSet<>();
        List<Database.ItemRef> refs = new ArrayList<>();
        long bytes = 0;
        for (Request entry : items) {
            Action action = parseWrite(entry);
            Database.ItemRef ref = new Database.ItemRef(action.table().id(), action.table().rowKey(action.key()));
            if (!seen.add(ref)) {
                throw DynamoDbException.validation("Transaction request cannot include multiple operations on one item");
            }
            refs.add(ref);
            actions.add(action);
            bytes += action.item() == null ? 0 : Items.size(action.item());
        }
        if (bytes > MAX_BYTES) {
            throw DynamoDbException.validation("Transaction request cannot be larger than 4 MB");
        }
        // the same token may come back only with the same actions (a tree prints the same way each time)
        String fingerprint = JsonTrees.writeString(r.node().get("TransactItems"));
        List<Map<String, Value>> olds = new ArrayList<>();
        List<Map<String, Value>> news = new ArrayList<>();
        boolean[] replay = new boolean[1];
        long id = db.beginTransaction(refs, () -> {
            if (token != null) {
                Optional<String> previous = db.tokenFingerprint(token);
                if (previous.isPresent()) {
                    if (!previous.get().equals(fingerprint)) {
                        throw DynamoDbException.of("IdempotentParameterMismatchException",
                                "Request parameters do not match the parameters of a previous request with the same client request token");
                    }
                    replay[0] = true;
                    return;
                }
            }
            List<CancellationReason> reasons = new ArrayList<>();
            boolean cancelled = false;
            for (int i = 0; i < actions.size(); i++) {
                Action a = actions.get(i);
                Database.ItemRef ref = refs.get(i);
                if (db.markedByOther(ref)) {
                    reasons.add(new CancellationReason("TransactionConflict", "Transaction is ongoing for the item", Optional.empty()));
                    cancelled = true;
                    olds.add(null);
                    news.add(null);
                    continue;
                }
                Map<String, Value> old = a.table().get(ref.key());
                olds.add(old);
                Map<String, Value> current = old == null ? Map.of() : old;
                if (a.condition() != null && !a.condition().test(current)) {
                    reasons.add(new CancellationReason("ConditionalCheckFailed", "The conditional request failed",
                            a.returnOld() && old != null ? Optional.of(old) : Optional.empty()));
                    cancelled = true;
                    news.add(null);
                    continue;
                }
                try {
                    news.add(newState(a, old));
                    reasons.add(CancellationReason.NONE);
                } catch (DynamoDbException e) {
                    if (!"ValidationException".equals(e.type())) {
                        throw e;
                    }
                    reasons.add(new CancellationReason("ValidationError", e.getMessage(), Optional.empty()));
                    cancelled = true;
                    news.add(null);
                }
            }
            if (cancelled) {
                throw DynamoDbException.transactionCanceled(reasons);
            }
        });
        if (replay[0]) {
            db.abortTransaction(id, refs);
            return writeResponse(actions, List.of(), List.of(), capacityMode);
        }
        List<Mutation.ItemWrite> writes = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            if (a.kind() != Kind.CONDITION_CHECK) {
                writes.add(new Mutation.ItemWrite(a.table().id(), a.key(), news.get(i), false));
            }
        }
        pause();
        db.commitTransaction(id, refs, writes, token, fingerprint);
        return writeResponse(actions, olds, news, capacityMode);
    }

    private void pause() {
        if (window.isZero()) {
            return;
        }
        try {
            Thread.sleep(window.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Value> newState(Action a, Map<String, Value> old) {
        switch (a.kind()) {
            case CONDITION_CHECK:
                return old;
            case PUT:
                return a.item();
            case DELETE:
                return null;
            case UPDATE: {
                Map<String, Value> base = new LinkedHashMap<>(old == null ? Map.of() : old);
                base.putAll(a.key());
                Map<String, Value> updated = a.update() == null ? base : new LinkedHashMap<>(a.update().apply(base));
                updated.putAll(a.key());
                ItemChecks.checkItem(a.table().schema(), updated, true);
                return updated;
            }
            default:
                throw new IllegalStateException();
        }
    }

    private ObjectNode writeResponse(List<Action> actions, List<Map<String, Value>> olds, List<Map<String, Value>> news,
            String capacityMode) {
        ObjectNode response = Request.response();
        if (!Capacity.NONE.equals(capacityMode)) {
            Map<String, Capacity> byTable = new LinkedHashMap<>();
            for (int i = 0; i < actions.size(); i++) {
                Action a = actions.get(i);
                Capacity cap = byTable.computeIfAbsent(a.table().name(), n -> new Capacity(n, false));
                if (a.kind() == Kind.CONDITION_CHECK || olds.isEmpty()) {
                    cap.addTable(Capacity.writeUnits(a.item() == null ? 0 : Items.size(a.item())) * 2);
                } else {
                    cap.addWrite(a.table(), olds.get(i), news.get(i), 2);
                }
            }
            ArrayNode consumed = response.putArray("ConsumedCapacity");
            byTable.values().forEach(cap -> consumed.add(cap.node(capacityMode)));
        }
        return response;
    }

    private Action parseWrite(Request entry) {
        Kind kind = null;
        Request body = null;
        int set = 0;
        for (Kind k : Kind.values()) {
            Request b = entry.object(member(k));
            if (b != null) {
                kind = k;
                body = b;
                set++;
            }
        }
        if (set != 1) {
            throw DynamoDbException.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        String name = body.string("TableName");
        Constraints.check().tableName(name, "transactItems.member." + lowerFirst(member(kind)) + ".tableName", true).throwIfAny();
        boolean returnOld = ItemChecks.returnOldOnConditionFailure(body);
        ExpressionContext context;
        Condition condition;
        Update update = null;
        if (kind == Kind.UPDATE) {
            context = Expr.context(body, List.of("UpdateExpression", "ConditionExpression"), List.of(),
                    "UpdateExpression and ConditionExpression are null");
            String text = body.string("UpdateExpression");
            if (text == null) {
                throw DynamoDbException.validation("1 validation error detected: Value null at 'transactItems.member.update.updateExpression' failed to satisfy constraint: Member must not be null");
            }
            update = Expressions.update(text, context);
        } else {
            context = Expr.context(body, List.of("ConditionExpression"), List.of(), "ConditionExpression is null");
        }
        String conditionText = body.string("ConditionExpression");
        if (kind == Kind.CONDITION_CHECK && conditionText == null) {
            throw DynamoDbException.validation("1 validation error detected: Value null at 'transactItems.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null");
        }
        condition = conditionText == null ? null : Expressions.condition(conditionText, context, "ConditionExpression");
        context.checkAllUsed();
        Table table = db.findTable(name).orElseThrow(DynamoDbException::tableNotFound);
        TableSchema schema = table.schema();
        Map<String, Value> key;
        Map<String, Value> item = null;
        if (kind == Kind.PUT) {
            item = body.item("Item");
            if (item == null) {
                throw DynamoDbException.validation("1 validation error detected: Value null at 'transactItems.member.put.item' failed to satisfy constraint: Member must not be null");
            }
            item = new LinkedHashMap<>(item);
            key = ItemChecks.checkItem(schema, item, false);
        } else {
            key = body.item("Key");
            schema.keys().validateKey(key);
        }
        ItemChecks.checkUpdateSparesKey(schema, update);
        return new Action(kind, table, key, item, condition, update, returnOld);
    }

    /** Starts the checks of a transaction with its TransactItems: present, 1 to {@value #MAX_ITEMS} of them. */
    private static Constraints transactItems(List<Request> items) {
        Constraints c = Constraints.check();
        if (items == null) {
            c.notNull(null, "transactItems");
        } else {
            c.length(items.isEmpty() ? "[]" : "[...]", items.size(), 1, MAX_ITEMS, "transactItems");
        }
        return c;
    }

    private static String member(Kind k) {
        return switch (k) {
            case CONDITION_CHECK -> "ConditionCheck";
            case PUT -> "Put";
            case DELETE -> "Delete";
            case UPDATE -> "Update";
        };
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    ObjectNode transactGetItems(Request r) {
        List<Request> items = r.objects("TransactItems");
        Constraints c = transactItems(items);
        c.throwIfAny();
        String capacityMode = Capacity.mode(r);
        record Read(Table table, Map<String, Value> key, Projection projection, Database.ItemRef ref) {
        }
        List<Read> reads = new ArrayList<>();
        Set<Database.ItemRef> seen = new HashSet<>();
        List<CancellationReason> invalid = new ArrayList<>();
        boolean anyInvalid = false;
        for (Request entry : items) {
            Request get = entry.object("Get");
            if (get == null) {
                throw DynamoDbException.validation("1 validation error detected: Value null at 'transactItems.member.get' failed to satisfy constraint: Member must not be null");
            }
            String name = get.string("TableName");
            Constraints.check().tableName(name, "transactItems.member.get.tableName", true).throwIfAny();
            ExpressionContext context = Expr.context(get, List.of("ProjectionExpression"), List.of(), "ProjectionExpression is null");
            Projection projection = Expr.projection(get, context);
            context.checkAllUsed();
            Table table = db.findTable(name).orElseThrow(DynamoDbException::tableNotFound);
            Map<String, Value> key = get.item("Key");
            try {
                table.schema().keys().validateKey(key);
            } catch (DynamoDbException e) {
                // a Get that does not name an item is reported through the cancellation reasons
                invalid.add(new CancellationReason("ValidationError", e.getMessage(), Optional.empty()));
                anyInvalid = true;
                continue;
            }
            invalid.add(CancellationReason.NONE);
            Database.ItemRef ref = new Database.ItemRef(table.id(), table.rowKey(key));
            if (!seen.add(ref)) {
                throw DynamoDbException.validation("Transaction request cannot include multiple operations on one item");
            }
            reads.add(new Read(table, key, projection, ref));
        }
        if (anyInvalid) {
            throw DynamoDbException.transactionCanceled(invalid);
        }
        List<Map<String, Value>> found = db.locked(() -> {
            List<CancellationReason> reasons = new ArrayList<>();
            boolean conflict = false;
            List<Map<String, Value>> list = new ArrayList<>();
            for (Read read : reads) {
                if (db.markedByOther(read.ref())) {
                    conflict = true;
                    reasons.add(new CancellationReason("TransactionConflict", "Transaction is ongoing for the item", Optional.empty()));
                } else {
                    reasons.add(CancellationReason.NONE);
                }
                list.add(read.table().get(read.ref().key()));
            }
            if (conflict) {
                throw DynamoDbException.transactionCanceled(reasons);
            }
            return list;
        });
        ObjectNode response = Request.response();
        ArrayNode responses = response.putArray("Responses");
        Map<String, Capacity> byTable = new LinkedHashMap<>();
        for (int i = 0; i < reads.size(); i++) {
            Read read = reads.get(i);
            Map<String, Value> item = found.get(i);
            ObjectNode entry = responses.addObject();
            if (item != null) {
                entry.set("Item", ValueCodec.encodeItem(read.projection() == null ? item : read.projection().apply(item)));
            }
            byTable.computeIfAbsent(read.table().name(), n -> new Capacity(n, true))
                    .addTable(Capacity.readUnits(item == null ? 0 : Items.size(item), true) * 2);
        }
        if (!Capacity.NONE.equals(capacityMode)) {
            ArrayNode consumed = response.putArray("ConsumedCapacity");
            byTable.values().forEach(cap -> consumed.add(cap.node(capacityMode)));
        }
        return response;
    }
}
