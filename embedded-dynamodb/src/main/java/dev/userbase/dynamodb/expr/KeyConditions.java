package dev.userbase.dynamodb.expr;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.model.Value;

/**
 * A Query's key condition: from a parsed KeyConditionExpression (or the legacy KeyConditions map)
 * to the partition key's value and at most one condition on the sort key. Checks first the shape
 * of the expression (AND only, one key attribute per condition, no nesting), then the table's key
 * schema, with DynamoDB's messages.
 */
final class KeyConditions {

    /** A condition on one key attribute, as the legacy KeyConditions map writes it. */
    record Term(KeyCondition.Operator operator, List<Value> values) {
    }

    private KeyConditions() {
    }

    /** The conditions per attribute name of a validated key condition expression. */
    static Map<String, Term> fromExpression(Ast.Cond cond) {
        Map<String, Term> terms = new LinkedHashMap<>();
        collect(cond, terms);
        return terms;
    }

    private static DynamoDbException invalidOperator(String operator) {
        return DynamoDbException.validation("Invalid operator used in KeyConditionExpression: " + operator);
    }

    private static DynamoDbException invalidCondition(String detail) {
        return DynamoDbException.validation("Invalid condition in KeyConditionExpression: " + detail);
    }

    private static void collect(Ast.Cond cond, Map<String, Term> terms) {
        if (cond instanceof Ast.And a) {
            collect(a.left(), terms);
            collect(a.right(), terms);
            return;
        }
        if (cond instanceof Ast.Or) {
            throw invalidOperator("OR");
        }
        if (cond instanceof Ast.Not) {
            throw invalidOperator("NOT");
        }
        if (cond instanceof Ast.In) {
            throw invalidOperator("IN");
        }
        List<Ast.Operand> operands;
        KeyCondition.Operator operator;
        if (cond instanceof Ast.Compare c) {
            operator = switch (c.comparator()) {
                case EQ -> KeyCondition.Operator.EQ;
                case LT -> KeyCondition.Operator.LT;
                case LE -> KeyCondition.Operator.LE;
                case GT -> KeyCondition.Operator.GT;
                case GE -> KeyCondition.Operator.GE;
                case NE -> throw invalidOperator("<>");
            };
            operands = List.of(c.left(), c.right());
        } else if (cond instanceof Ast.Between b) {
            if (!(b.value() instanceof Ast.PathRef)) {
                throw invalidCondition("BETWEEN operator must have the key attribute as its first operand");
            }
            operator = KeyCondition.Operator.BETWEEN;
            operands = List.of(b.value(), b.lower(), b.upper());
        } else if (cond instanceof Ast.Call call) {
            if (call.function() != Ast.Function.BEGINS_WITH) {
                throw invalidOperator(call.function().text);
            }
            if (!(call.args().get(0) instanceof Ast.PathRef)) {
                throw invalidCondition("begins_with operator must have the key attribute as its first operand");
            }
            operator = KeyCondition.Operator.BEGINS_WITH;
            operands = call.args();
        } else {
            throw new IllegalStateException("unexpected condition " + cond);
        }
        String attribute = null;
        int attributeIndex = -1;
        List<Value> values = new java.util.ArrayList<>();
        for (int i = 0; i < operands.size(); i++) {
            Ast.Operand o = operands.get(i);
            if (o instanceof Ast.PathRef p) {
                if (attribute != null) {
                    throw invalidCondition("Multiple attribute names used in one condition");
                }
                if (!p.path().isTopLevel()) {
                    throw Errors.invalid("KeyConditionExpression", "KeyConditionExpressions cannot have conditions on nested attributes");
                }
                attribute = p.path().topName();
                attributeIndex = i;
            } else if (o instanceof Ast.Size) {
                throw DynamoDbException.validation("KeyConditionExpressions cannot contain nested operations");
            } else {
                values.add(((Ast.Const) o).value());
            }
        }
        if (attribute == null) {
            throw invalidCondition("No key attribute specified");
        }
        if (terms.containsKey(attribute)) {
            throw DynamoDbException.validation("KeyConditionExpressions must only contain one condition per key");
        }
        if (attributeIndex != 0) {
            // :v < sk is sk > :v
            operator = switch (operator) {
                case LT -> KeyCondition.Operator.GT;
                case LE -> KeyCondition.Operator.GE;
                case GT -> KeyCondition.Operator.LT;
                case GE -> KeyCondition.Operator.LE;
                default -> operator;
            };
        }
        terms.put(attribute, new Term(operator, values));
    }

    /** Checks the conditions against the key schema and builds the key condition. */
    static KeyCondition toKeyCondition(Map<String, Term> terms, KeyNames keys) {
        if (terms.size() < 1 || terms.size() > 2) {
            throw DynamoDbException.validation("Conditions can be of length 1 or 2 only");
        }
        if (keys.range() == null && terms.size() > 1) {
            throw DynamoDbException.validation("Query key condition not supported");
        }
        Term hash = terms.get(keys.hash());
        if (hash == null) {
            throw DynamoDbException.validation("Query condition missed key schema element: " + keys.hash());
        }
        checkIndexable(hash);
        if (hash.operator() != KeyCondition.Operator.EQ) {
            throw DynamoDbException.validation("Query key condition not supported");
        }
        Optional<KeyCondition.RangeCondition> range = Optional.empty();
        if (keys.range() != null) {
            Term r = terms.get(keys.range());
            if (r == null) {
                if (terms.size() > 1) {
                    throw DynamoDbException.validation("Query condition missed key schema element: " + keys.range());
                }
            } else {
                checkIndexable(r);
                range = Optional.of(new KeyCondition.RangeCondition(r.operator(), r.values().get(0),
                        r.values().size() > 1 ? r.values().get(1) : null));
            }
        }
        return new KeyCondition(hash.values().get(0), range);
    }

    private static void checkIndexable(Term term) {
        if (term.operator() == null) {
            throw DynamoDbException.validation("Attempted conditional constraint is not an indexable operation");
        }
    }
}
