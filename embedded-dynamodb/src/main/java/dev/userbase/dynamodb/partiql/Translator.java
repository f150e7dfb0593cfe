package dev.userbase.dynamodb.partiql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.partiql.Ast.Expr;

/**
 * Each statement as the request of the engine's own operation that does it:
 *
 * <ul>
 * <li>SELECT with an equality on the partition key of the table (or the index named) → Query, a
 * sort-key condition among the ANDed terms as part of the key condition and the rest as its
 * FilterExpression; any other SELECT → Scan with the WHERE as FilterExpression.
 * <li>INSERT → PutItem on {@code attribute_not_exists(<partition key>)} (a duplicate is
 * DuplicateItemException).
 * <li>UPDATE → UpdateItem of the key the WHERE names, on {@code attribute_exists(<partition key>)} and
 * whatever else the WHERE says (an UPDATE of a missing item fails its condition, as DynamoDB's does).
 * <li>DELETE → DeleteItem of that key; the rest of the WHERE, if any, as a condition that holds for
 * a missing item ({@code attribute_not_exists(<partition key>) OR …}: deleting nothing succeeds).
 * </ul>
 */
final class Translator {

    private Translator() {
    }

    /** The WHERE clause's ANDed terms, with the equalities on the key taken out. */
    record KeyMatch(Map<String, Value> key, List<Expr> rest) {
    }

    /** How a SELECT runs: the operation, its request, and the paths its items are projected on (empty for *). */
    record Read(String operation, ObjectNode request, List<Ast.PathRef> projection) {
    }

    static List<Expr> conjuncts(Expr where) {
        List<Expr> terms = new ArrayList<>();
        if (where != null) {
            collect(where, terms);
        }
        return terms;
    }

    private static void collect(Expr e, List<Expr> terms) {
        if (e instanceof Ast.And and) {
            collect(and.left(), terms);
            collect(and.right(), terms);
        } else {
            terms.add(e);
        }
    }

    /** The value {@code term} pins {@code attribute} to ({@code attribute = value} either way round), or null. */
    static Value equality(Expr term, String attribute) {
        if (term instanceof Ast.Compare c && c.op().equals("=")) {
            if (c.left() instanceof Ast.PathRef p && p.isTopLevel(attribute) && Literals.isValue(c.right())) {
                return Literals.value(c.right());
            }
            if (c.right() instanceof Ast.PathRef p && p.isTopLevel(attribute) && Literals.isValue(c.left())) {
                return Literals.value(c.left());
            }
        }
        return null;
    }

    /**
     * Takes the key out of a WHERE clause: for each key attribute the first ANDed equality on it.
     * The key is missing attributes when the WHERE has no equality on them.
     */
    static KeyMatch match(Expr where, TableInfo.Keys keys) {
        List<Expr> rest = conjuncts(where);
        Map<String, Value> key = new LinkedHashMap<>();
        for (String attribute : keys.names()) {
            for (int i = 0; i < rest.size(); i++) {
                Value v = equality(rest.get(i), attribute);
                if (v != null) {
                    key.put(attribute, v);
                    rest.remove(i);
                    break;
                }
            }
        }
        return new KeyMatch(key, rest);
    }

    /** The full primary key of a write, or DynamoDB's refusal. */
    private static KeyMatch writeKey(Expr where, TableInfo table) {
        KeyMatch match = match(where, table.keys());
        if (match.key().size() != table.keys().names().size()) {
            throw Errors.validation(Errors.MANDATORY_KEY);
        }
        return match;
    }

    private static ObjectNode request(String table) {
        return JsonNodeFactory.instance.objectNode().put("TableName", table);
    }

    static ObjectNode insert(Ast.Insert insert, TableInfo table) {
        Map<String, Value> item = Literals.item(insert.value());
        ExpressionWriter writer = new ExpressionWriter();
        ObjectNode request = request(table.name());
        request.set("Item", ValueCodec.encodeItem(item));
        request.put("ConditionExpression", "attribute_not_exists(" + writer.name(table.keys().hash()) + ")");
        writer.putInto(request);
        return request;
    }

    static ObjectNode update(Ast.Update update, TableInfo table) {
        KeyMatch match = writeKey(update.where(), table);
        ExpressionWriter writer = new ExpressionWriter();
        ObjectNode request = request(table.name());
        request.set("Key", ValueCodec.encodeItem(match.key()));
        request.put("UpdateExpression", writer.update(update.actions()));
        String exists = "attribute_exists(" + writer.name(table.keys().hash()) + ")";
        request.put("ConditionExpression", match.rest().isEmpty() ? exists
                : exists + " AND " + parenthesised(writer, match.rest()));
        writer.putInto(request);
        if (update.returning() != null) {
            request.put("ReturnValues", update.returning().returnValues);
        }
        return request;
    }

    static ObjectNode delete(Ast.Delete delete, TableInfo table) {
        if (delete.returning() != null && delete.returning() != Ast.Returning.ALL_OLD) {
            throw Errors.validation("Invalid returning clause: RETURNING " + delete.returning().text
                    + ". Only RETURNING ALL OLD * is allowed in DELETE statements.");
        }
        KeyMatch match = writeKey(delete.where(), table);
        ExpressionWriter writer = new ExpressionWriter();
        ObjectNode request = request(table.name());
        request.set("Key", ValueCodec.encodeItem(match.key()));
        if (!match.rest().isEmpty()) {
            request.put("ConditionExpression", "attribute_not_exists(" + writer.name(table.keys().hash()) + ") OR "
                    + parenthesised(writer, match.rest()));
        }
        writer.putInto(request);
        if (delete.returning() != null) {
            request.put("ReturnValues", "ALL_OLD");
        }
        return request;
    }

    /** {@code EXISTS(SELECT … WHERE <key> AND <condition>)}: a ConditionCheck on the item, which must exist. */
    static ObjectNode conditionCheck(Ast.Exists exists, TableInfo table) {
        Ast.Select select = exists.select();
        KeyMatch match = match(select.where(), table.keys());
        if (select.index() != null || match.key().size() != table.keys().names().size() || match.rest().isEmpty()) {
            throw Errors.validation("EXISTS() must contain a single item read with additional condition");
        }
        ExpressionWriter writer = new ExpressionWriter();
        ObjectNode request = request(table.name());
        request.set("Key", ValueCodec.encodeItem(match.key()));
        request.put("ConditionExpression", "attribute_exists(" + writer.name(table.keys().hash()) + ") AND "
                + parenthesised(writer, match.rest()));
        writer.putInto(request);
        return request;
    }

    private static String parenthesised(ExpressionWriter writer, List<Expr> terms) {
        return "(" + writer.conjunction(terms) + ")";
    }

    /**
     * A SELECT that must read one item by its full primary key (BatchExecuteStatement and
     * ExecuteTransaction): a GetItem request, or null when the WHERE is anything else.
     */
    static Read keyRead(Ast.Select select, TableInfo table) {
        if (select.index() != null || !select.orderBy().isEmpty()) {
            return null;
        }
        KeyMatch match = match(select.where(), table.keys());
        if (match.key().size() != table.keys().names().size() || !match.rest().isEmpty()) {
            return null;
        }
        ExpressionWriter writer = new ExpressionWriter();
        ObjectNode request = request(table.name());
        request.set("Key", ValueCodec.encodeItem(match.key()));
        project(select, writer, request);
        writer.putInto(request);
        return new Read("GetItem", request, select.projection());
    }

    static Read select(Ast.Select select, TableInfo table) {
        TableInfo.Index index = select.index() == null ? null : table.index(select.index());
        TableInfo.Keys keys = index == null ? table.keys() : index.keys();
        checkProjection(select, table, index);
        List<Expr> terms = conjuncts(select.where());
        Expr hashTerm = null;
        Value hashValue = null;
        for (Expr term : terms) {
            hashValue = equality(term, keys.hash());
            if (hashValue != null) {
                hashTerm = term;
                break;
            }
        }
        ExpressionWriter writer = new ExpressionWriter();
        ObjectNode request = request(table.name());
        if (index != null) {
            request.put("IndexName", index.name());
        }
        if (hashTerm != null) {
            List<Expr> rest = new ArrayList<>(terms);
            rest.remove(hashTerm);
            Expr rangeTerm = keys.range() == null ? null : rest.stream().filter(t -> isRangeCondition(t, keys.range()))
                    .findFirst().orElse(null);
            if (rangeTerm != null) {
                rest.remove(rangeTerm);
            }
            // a Query's filter may not name the key it queries by; such a SELECT reads as a filtered Scan
            if (!select.orderBy().isEmpty() || rest.stream().noneMatch(t -> names(t, keys))) {
                String keyCondition = writer.name(keys.hash()) + " = " + writer.value(hashValue);
                if (rangeTerm != null) {
                    keyCondition += " AND " + rangeCondition(rangeTerm, writer);
                }
                request.put("KeyConditionExpression", keyCondition);
                if (!rest.isEmpty()) {
                    request.put("FilterExpression", writer.conjunction(rest));
                }
                if (order(select, keys)) {
                    request.put("ScanIndexForward", false);
                }
                project(select, writer, request);
                writer.putInto(request);
                return new Read("Query", request, select.projection());
            }
        }
        if (!select.orderBy().isEmpty()) {
            throw Errors.validation(select.where() == null
                    ? "Must have WHERE clause in the statement when using ORDER BY clause."
                    : "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause.");
        }
        if (select.where() != null) {
            request.put("FilterExpression", writer.condition(select.where()));
        }
        project(select, writer, request);
        writer.putInto(request);
        return new Read("Scan", request, select.projection());
    }

    /** Whether ORDER BY asks for descending order; it may name only key attributes. */
    private static boolean order(Ast.Select select, TableInfo.Keys keys) {
        Boolean descending = null;
        for (Ast.Order o : select.orderBy()) {
            if (o.path().elements().size() != 1 || !keys.contains(o.path().top())) {
                throw Errors.validation("Order by is supported only on the key attributes of the table or index: "
                        + o.path().outputName());
            }
            if (o.path().top().equals(keys.range()) || descending == null) {
                descending = o.descending();
            }
        }
        return Boolean.TRUE.equals(descending);
    }

    /** A sort-key term a KeyConditionExpression takes: a comparison with a value, BETWEEN or begins_with. */
    static boolean isRangeCondition(Expr term, String range) {
        if (term instanceof Ast.Compare c && !c.op().equals("<>")) {
            return (c.left() instanceof Ast.PathRef p && p.isTopLevel(range) && Literals.isValue(c.right()))
                    || (c.right() instanceof Ast.PathRef q && q.isTopLevel(range) && Literals.isValue(c.left()));
        }
        if (term instanceof Ast.Between b && !b.negated()) {
            return b.operand() instanceof Ast.PathRef p && p.isTopLevel(range) && Literals.isValue(b.low())
                    && Literals.isValue(b.high());
        }
        if (term instanceof Ast.Call call && call.name().equals("begins_with") && call.args().size() == 2) {
            return call.args().get(0) instanceof Ast.PathRef p && p.isTopLevel(range) && Literals.isValue(call.args().get(1));
        }
        return false;
    }

    /** A sort-key term written as a key condition takes it: the key first, then the value. */
    private static String rangeCondition(Expr term, ExpressionWriter writer) {
        if (term instanceof Ast.Compare c && !(c.left() instanceof Ast.PathRef)) {
            String flipped = switch (c.op()) {
                case "<" -> ">";
                case "<=" -> ">=";
                case ">" -> "<";
                case ">=" -> "<=";
                default -> c.op();
            };
            return writer.condition(new Ast.Compare(flipped, c.right(), c.left(), c.at()));
        }
        return writer.condition(term);
    }

    /** Whether an expression names a key attribute at its top level. */
    static boolean names(Expr e, TableInfo.Keys keys) {
        Set<String> found = new LinkedHashSet<>();
        attributes(e, found);
        return found.stream().anyMatch(keys::contains);
    }

    private static void attributes(Expr e, Set<String> found) {
        if (e instanceof Ast.PathRef p) {
            found.add(p.top());
        } else if (e instanceof Ast.Compare c) {
            attributes(c.left(), found);
            attributes(c.right(), found);
        } else if (e instanceof Ast.Arithmetic a) {
            attributes(a.left(), found);
            attributes(a.right(), found);
        } else if (e instanceof Ast.And a) {
            attributes(a.left(), found);
            attributes(a.right(), found);
        } else if (e instanceof Ast.Or o) {
            attributes(o.left(), found);
            attributes(o.right(), found);
        } else if (e instanceof Ast.Not n) {
            attributes(n.operand(), found);
        } else if (e instanceof Ast.Between b) {
            attributes(b.operand(), found);
            attributes(b.low(), found);
            attributes(b.high(), found);
        } else if (e instanceof Ast.In in) {
            attributes(in.operand(), found);
            in.items().forEach(i -> attributes(i, found));
        } else if (e instanceof Ast.Is is) {
            attributes(is.operand(), found);
        } else if (e instanceof Ast.Call call) {
            call.args().forEach(a -> attributes(a, found));
        }
    }

    /**
     * The attributes a projection list needs, as a ProjectionExpression of their top-level names: the
     * paths themselves are read from the items (a projected list element comes back at index 0,
     * so an item projected on {@code l[1]} no longer says where {@code l[1]} was).
     */
    private static void project(Ast.Select select, ExpressionWriter writer, ObjectNode request) {
        if (select.projection().isEmpty()) {
            return;
        }
        Set<String> names = new LinkedHashSet<>();
        for (Ast.PathRef p : select.projection()) {
            names.add(writer.name(p.top()));
        }
        request.put("ProjectionExpression", String.join(", ", names));
    }

    /** Names its items would give twice, and attributes a global index cannot return, refused up front. */
    private static void checkProjection(Ast.Select select, TableInfo table, TableInfo.Index index) {
        Set<String> output = new LinkedHashSet<>();
        for (Ast.PathRef p : select.projection()) {
            if (!output.add(p.outputName())) {
                throw Errors.validation("Duplicate identifiers in select clause: " + p.outputName());
            }
        }
        if (index != null && index.global()) {
            List<String> missing = new ArrayList<>();
            for (Ast.PathRef p : select.projection()) {
                if (!table.projects(index, p.top()) && !missing.contains(p.top())) {
                    missing.add(p.top());
                }
            }
            if (!missing.isEmpty()) {
                throw dev.userbase.dynamodb.DynamoDbException.invalidParameter("Global secondary index " + index.name()
                        + " does not project " + missing);
            }
        }
    }
}
