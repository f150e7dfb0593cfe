package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Numbers;
import dev.userbase.dynamodb.model.Value;

/**
 * The legacy request shapes (Expected, QueryFilter, ScanFilter, KeyConditions, AttributeUpdates,
 * AttributesToGet), turned into the same conditions, updates and projections as expressions.
 */
public final class Legacy {

    private Legacy() {
    }

    /** Expected: per attribute, a Value (with Exists) or a ComparisonOperator with an AttributeValueList (or a Value). */
    public static Condition expected(JsonNode expected, String conditionalOperator) {
        List<Ast.Cond> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String attribute = e.getKey();
            JsonNode spec = e.getValue();
            Path path = Path.of(attribute);
            boolean hasValue = spec.hasNonNull("Value");
            boolean hasList = spec.hasNonNull("AttributeValueList");
            boolean hasOperator = spec.hasNonNull("ComparisonOperator");
            JsonNode exists = spec.get("Exists");
            if (hasList && !hasOperator) {
                throw DynamoDbException.invalidParameter("AttributeValueList can only be used with a ComparisonOperator for Attribute: " + attribute);
            }
            if (hasValue && hasList) {
                throw DynamoDbException.invalidParameter("Value and AttributeValueList cannot be used together for Attribute: " + attribute);
            }
            if (hasOperator) {
                if (exists != null && !exists.isNull()) {
                    throw DynamoDbException.invalidParameter("Exists and ComparisonOperator cannot be used together for Attribute: " + attribute);
                }
                // a Value with a ComparisonOperator stands for a one-element AttributeValueList
                List<Value> args = hasValue ? List.of(ValueCodec.decode(spec.get("Value"))) : values(spec.get("AttributeValueList"));
                conditions.add(comparison(attribute, path, spec.get("ComparisonOperator").asText(), args, hasValue || hasList));
                continue;
            }
            boolean mustExist = exists == null || exists.isNull() || exists.asBoolean();
            if (!mustExist) {
                if (hasValue) {
                    throw DynamoDbException.invalidParameter("Value cannot be used when Exists is false for Attribute: " + attribute);
                }
                conditions.add(exists(path, false));
            } else {
                if (!hasValue) {
                    throw DynamoDbException.invalidParameter("Value must be provided when Exists is "
                            + (exists == null || exists.isNull() ? "null" : "true") + " for Attribute: " + attribute);
                }
                conditions.add(new Ast.Compare(Ast.Comparator.EQ, new Ast.PathRef(path),
                        new Ast.Const(ValueCodec.decode(spec.get("Value")))));
            }
        }
        return combine(conditions, conditionalOperator, expected.size(), "Expected");
    }

    /** QueryFilter or ScanFilter: per attribute, a ComparisonOperator and an AttributeValueList. */
    public static Condition filter(JsonNode filter, String conditionalOperator, String parameterName) {
        List<Ast.Cond> conditions = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = filter.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode spec = e.getValue();
            if (!spec.hasNonNull("ComparisonOperator")) {
                throw DynamoDbException.validation("1 validation error detected: Value null at '" + lowerFirst(parameterName) + "."
                        + e.getKey() + ".member.comparisonOperator' failed to satisfy constraint: Member must not be null");
            }
            conditions.add(comparison(e.getKey(), Path.of(e.getKey()), spec.get("ComparisonOperator").asText(),
                    // filters have no Value form: a missing list is a wrong number of arguments
                    values(spec.get("AttributeValueList")), true));
        }
        return combine(conditions, conditionalOperator, filter.size(), parameterName);
    }

    /** KeyConditions: EQ on the partition key, and one of EQ, LE, LT, GE, GT, BEGINS_WITH, BETWEEN on the sort key. */
    public static KeyCondition keyConditions(JsonNode keyConditions, KeyNames keys) {
        if (keyConditions.size() > 2 || keyConditions.isEmpty()) {
            throw DynamoDbException.validation("Conditions can be of length 1 or 2 only");
        }
        Value hash = null;
        KeyCondition.RangeCondition range = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = keyConditions.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String attribute = e.getKey();
            String operator = e.getValue().path("ComparisonOperator").asText("");
            List<Value> args = values(e.getValue().get("AttributeValueList"));
            KeyCondition.Operator op;
            int arity;
            switch (operator) {
                case "EQ", "LE", "LT", "GE", "GT" -> {
                    op = KeyCondition.Operator.valueOf(operator);
                    arity = 1;
                }
                case "BEGINS_WITH" -> {
                    op = KeyCondition.Operator.BEGINS_WITH;
                    arity = 1;
                }
                case "BETWEEN" -> {
                    op = KeyCondition.Operator.BETWEEN;
                    arity = 2;
                }
                default -> throw DynamoDbException.validation("Attempted conditional constraint is not an indexable operation");
            }
            if (args.size() != arity) {
                throw DynamoDbException.invalidParameter("Invalid number of argument(s) for the " + operator + " ComparisonOperator");
            }
            KeyCondition.RangeCondition condition = new KeyCondition.RangeCondition(op, args.get(0), arity == 2 ? args.get(1) : null);
            if (attribute.equals(keys.hash())) {
                if (op != KeyCondition.Operator.EQ) {
                    throw DynamoDbException.validation("Query key condition not supported");
                }
                hash = args.get(0);
            } else if (attribute.equals(keys.range())) {
                range = condition;
            } else {
                throw DynamoDbException.validation("Query condition missed key schema element: "
                        + (keys.range() == null ? keys.hash() : keys.range()));
            }
        }
        if (hash == null) {
            throw DynamoDbException.validation("Query condition missed key schema element: " + keys.hash());
        }
        return new KeyCondition(hash, Optional.ofNullable(range));
    }

    /** AttributeUpdates: per attribute, PUT (the default), ADD or DELETE. */
    public static Update attributeUpdates(JsonNode attributeUpdates) {
        record Change(String attribute, String action, Value value) {
        }
        List<Change> changes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = attributeUpdates.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String action = e.getValue().path("Action").asText("PUT");
            Value value = e.getValue().hasNonNull("Value") ? ValueCodec.decode(e.getValue().get("Value")) : null;
            switch (action) {
                case "PUT" -> {
                    if (value == null) {
                        throw DynamoDbException.invalidParameter("Only DELETE action is allowed when no attribute value is specified");
                    }
                }
                case "ADD" -> {
                    if (value == null) {
                        throw DynamoDbException.invalidParameter("Only DELETE action is allowed when no attribute value is specified");
                    }
                    if (!(value instanceof Value.N || value instanceof Value.SS || value instanceof Value.NS
                            || value instanceof Value.BS || value instanceof Value.L)) {
                        throw DynamoDbException.invalidParameter("ADD action is not supported for the type " + value.type());
                    }
                }
                case "DELETE" -> {
                    if (value != null && !(value instanceof Value.SS || value instanceof Value.NS || value instanceof Value.BS)) {
                        throw DynamoDbException.invalidParameter("DELETE action with value is not supported for the type " + value.type());
                    }
                }
                default -> throw DynamoDbException.validation("1 validation error detected: Value '" + action
                        + "' at 'attributeUpdates." + e.getKey() + ".member.action' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [ADD, PUT, DELETE]");
            }
            changes.add(new Change(e.getKey(), action, value));
        }
        return new Update() {
            @Override
            public List<Path> paths() {
                List<Path> paths = new ArrayList<>();
                changes.forEach(c -> paths.add(Path.of(c.attribute())));
                return paths;
            }

            @Override
            public Map<String, Value> apply(Map<String, Value> item) {
                Map<String, Value> result = new LinkedHashMap<>(item);
                for (Change c : changes) {
                    Value existing = result.get(c.attribute());
                    switch (c.action()) {
                        case "PUT" -> result.put(c.attribute(), c.value());
                        case "ADD" -> {
                            if (existing == null) {
                                result.put(c.attribute(), c.value());
                            } else if (existing instanceof Value.N n && c.value() instanceof Value.N v) {
                                result.put(c.attribute(), new Value.N(Numbers.add(n.value(), v.value())));
                            } else if (existing instanceof Value.L l && c.value() instanceof Value.L v) {
                                List<Value> joined = new ArrayList<>(l.values());
                                joined.addAll(v.values());
                                result.put(c.attribute(), new Value.L(joined));
                            } else if (existing.type().equals(c.value().type())) {
                                result.put(c.attribute(), union(existing, c.value()));
                            } else {
                                throw DynamoDbException.validation("Type mismatch for attribute to update");
                            }
                        }
                        default -> {
                            if (c.value() == null || existing == null) {
                                if (c.value() == null) {
                                    result.remove(c.attribute());
                                }
                            } else if (existing.type().equals(c.value().type())) {
                                Value remaining = difference(existing, c.value());
                                if (remaining == null) {
                                    result.remove(c.attribute());
                                } else {
                                    result.put(c.attribute(), remaining);
                                }
                            } else {
                                throw DynamoDbException.validation("Type mismatch for attribute to update");
                            }
                        }
                    }
                }
                return result;
            }
        };
    }

    public static Projection attributesToGet(JsonNode attributes) {
        List<Path> paths = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode a : attributes) {
            if (!seen.add(a.asText())) {
                throw DynamoDbException.invalidParameter("Duplicate value in attribute name: " + a.asText());
            }
            paths.add(Path.of(a.asText()));
        }
        if (paths.isEmpty()) {
            throw DynamoDbException.validation("1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        return Projections.of(paths);
    }

    // ------------------------------------------------------------------ helpers

    private static List<Value> values(JsonNode list) {
        List<Value> values = new ArrayList<>();
        if (list != null && !list.isNull()) {
            for (JsonNode v : list) {
                values.add(ValueCodec.decode(v));
            }
        }
        return values;
    }

    private static final java.util.Set<String> SCALARS = java.util.Set.of("S", "N", "B");

    /**
     * One legacy comparison, checked as DynamoDB checks it: the number of values, their types for the
     * operator (ordering and IN take S, N or B; CONTAINS takes no set, list or map; BEGINS_WITH only S
     * or B), one type across the list, and a BETWEEN range that is not upside down.
     */
    private static Ast.Cond comparison(String attribute, Path path, String operator, List<Value> args, boolean valuesGiven) {
        Ast.PathRef p = new Ast.PathRef(path);
        int arity = switch (operator) {
            case "NULL", "NOT_NULL" -> 0;
            case "EQ", "NE", "LE", "LT", "GE", "GT", "CONTAINS", "NOT_CONTAINS", "BEGINS_WITH" -> 1;
            case "BETWEEN" -> 2;
            case "IN" -> -1;
            default -> throw DynamoDbException.validation("1 validation error detected: Value '" + operator
                    + "' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
        };
        if (arity != 0 && !valuesGiven) {
            throw DynamoDbException.invalidParameter("Value or AttributeValueList must be used with ComparisonOperator: "
                    + operator + " for Attribute: " + attribute);
        }
        if ((arity >= 0 && args.size() != arity) || (arity < 0 && args.isEmpty())) {
            throw DynamoDbException.invalidParameter("Invalid number of argument(s) for the " + operator + " ComparisonOperator");
        }
        for (Value v : args) {
            boolean valid = switch (operator) {
                case "LE", "LT", "GE", "GT", "BETWEEN", "IN" -> SCALARS.contains(v.type());
                case "CONTAINS", "NOT_CONTAINS" -> !(v instanceof Value.SS || v instanceof Value.NS || v instanceof Value.BS
                        || v instanceof Value.M || v instanceof Value.L);
                case "BEGINS_WITH" -> v instanceof Value.S || v instanceof Value.B;
                default -> true;
            };
            if (!valid) {
                throw DynamoDbException.invalidParameter("ComparisonOperator " + operator + " is not valid for "
                        + v.type() + " AttributeValue type");
            }
        }
        if (args.size() > 1) {
            for (Value v : args) {
                if (!v.type().equals(args.get(0).type())) {
                    throw DynamoDbException.invalidParameter("AttributeValues inside AttributeValueList must be of same type");
                }
            }
        }
        if (operator.equals("BETWEEN") && dev.userbase.dynamodb.model.KeyOrder.compare(args.get(0), args.get(1)) > 0) {
            throw DynamoDbException.validation("The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
        }
        return switch (operator) {
            case "NULL" -> exists(path, false);
            case "NOT_NULL" -> exists(path, true);
            case "EQ", "NE", "LE", "LT", "GE", "GT" -> new Ast.Compare(Ast.Comparator.valueOf(operator), p, new Ast.Const(args.get(0)));
            case "CONTAINS" -> new Ast.Call(Ast.Function.CONTAINS, List.of(p, new Ast.Const(args.get(0))));
            // true also for a missing attribute, which contains nothing
            case "NOT_CONTAINS" -> new Ast.Not(new Ast.Call(Ast.Function.CONTAINS, List.of(p, new Ast.Const(args.get(0)))));
            case "BEGINS_WITH" -> new Ast.Call(Ast.Function.BEGINS_WITH, List.of(p, new Ast.Const(args.get(0))));
            case "BETWEEN" -> new Ast.Between(p, new Ast.Const(args.get(0)), new Ast.Const(args.get(1)));
            default -> {
                List<Ast.Operand> candidates = new ArrayList<>();
                args.forEach(a -> candidates.add(new Ast.Const(a)));
                yield new Ast.In(p, candidates);
            }
        };
    }

    private static Ast.Cond exists(Path path, boolean exists) {
        return new Ast.Call(exists ? Ast.Function.ATTRIBUTE_EXISTS : Ast.Function.ATTRIBUTE_NOT_EXISTS,
                List.of(new Ast.PathRef(path)));
    }

    private static Value union(Value set, Value added) {
        if (set instanceof Value.SS a && added instanceof Value.SS b) {
            java.util.Set<String> s = new java.util.LinkedHashSet<>(a.values());
            s.addAll(b.values());
            return new Value.SS(s);
        }
        if (set instanceof Value.NS a && added instanceof Value.NS b) {
            java.util.Set<java.math.BigDecimal> s = new java.util.LinkedHashSet<>(a.values());
            s.addAll(b.values());
            return new Value.NS(s);
        }
        if (set instanceof Value.BS a && added instanceof Value.BS b) {
            java.util.Set<dev.userbase.dynamodb.model.Bytes> s = new java.util.LinkedHashSet<>(a.values());
            s.addAll(b.values());
            return new Value.BS(s);
        }
        throw DynamoDbException.validation("Type mismatch for attribute to update");
    }

    /** The set without {@code removed}'s elements, or null when nothing is left. */
    private static Value difference(Value set, Value removed) {
        if (set instanceof Value.SS a && removed instanceof Value.SS b) {
            java.util.Set<String> s = new java.util.LinkedHashSet<>(a.values());
            s.removeAll(b.values());
            return s.isEmpty() ? null : new Value.SS(s);
        }
        if (set instanceof Value.NS a && removed instanceof Value.NS b) {
            java.util.Set<java.math.BigDecimal> s = new java.util.LinkedHashSet<>(a.values());
            s.removeAll(b.values());
            return s.isEmpty() ? null : new Value.NS(s);
        }
        if (set instanceof Value.BS a && removed instanceof Value.BS b) {
            java.util.Set<dev.userbase.dynamodb.model.Bytes> s = new java.util.LinkedHashSet<>(a.values());
            s.removeAll(b.values());
            return s.isEmpty() ? null : new Value.BS(s);
        }
        throw DynamoDbException.validation("Type mismatch for attribute to update");
    }

    private static Condition combine(List<Ast.Cond> conditions, String conditionalOperator, int count, String parameter) {
        if (conditionalOperator != null) {
            if (!conditionalOperator.equals("AND") && !conditionalOperator.equals("OR")) {
                throw DynamoDbException.validation("1 validation error detected: Value '" + conditionalOperator
                        + "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]");
            }
            if (count < 2) {
                throw DynamoDbException.validation("ConditionalOperator can only be used when Filter or Expected has two or more elements");
            }
        }
        if (conditions.isEmpty()) {
            return Condition.ALWAYS;
        }
        Ast.Cond result = conditions.get(0);
        for (int i = 1; i < conditions.size(); i++) {
            result = "OR".equals(conditionalOperator) ? new Ast.Or(result, conditions.get(i)) : new Ast.And(result, conditions.get(i));
        }
        return result;
    }

    private static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
