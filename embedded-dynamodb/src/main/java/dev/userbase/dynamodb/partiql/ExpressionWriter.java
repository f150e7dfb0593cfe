package dev.userbase.dynamodb.partiql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.partiql.Ast.Expr;

/**
 * Writes PartiQL conditions and SET/REMOVE actions in DynamoDB's expression language, every name as
 * a {@code #n0} placeholder and every value as a {@code :v0} one, so reserved words and odd
 * characters never reach the expression parser. One writer serves one request: its placeholders
 * are that request's ExpressionAttributeNames and ExpressionAttributeValues.
 *
 * <p>What DynamoDB's expression language checks itself (a function given a value where it needs a
 * path, the wrong number of operands, operand types) is left to it: its messages are the ones
 * DynamoDB's PartiQL gives, less the {@code Invalid …Expression:} prefix.
 */
final class ExpressionWriter {

    /** The functions a WHERE clause may call: the condition functions of DynamoDB's expression language. */
    private static final Set<String> CONDITION_FUNCTIONS = Set.of("attribute_exists", "attribute_not_exists",
            "attribute_type", "begins_with", "contains", "size");
    private static final Set<String> BOOLEAN_FUNCTIONS = Set.of("attribute_exists", "attribute_not_exists",
            "attribute_type", "begins_with", "contains");

    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, Value> values = new LinkedHashMap<>();

    /** {@code #n0} for an attribute name, the same placeholder each time the name comes back. */
    String name(String attribute) {
        return names.computeIfAbsent(attribute, a -> "#n" + names.size());
    }

    /** A new {@code :v0} for a value. */
    String value(Value v) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, v);
        return placeholder;
    }

    String path(Ast.PathRef path) {
        StringBuilder text = new StringBuilder();
        for (Object element : path.elements()) {
            if (element instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                if (text.length() > 0) {
                    text.append('.');
                }
                text.append(name((String) element));
            }
        }
        return text.toString();
    }

    /** Sets ExpressionAttributeNames and ExpressionAttributeValues on {@code request}, when there are any. */
    void putInto(ObjectNode request) {
        if (!names.isEmpty()) {
            ObjectNode n = request.putObject("ExpressionAttributeNames");
            names.forEach((attribute, placeholder) -> n.put(placeholder, attribute));
        }
        if (!values.isEmpty()) {
            ObjectNode v = request.putObject("ExpressionAttributeValues");
            values.forEach((placeholder, value) -> v.set(placeholder, ValueCodec.encode(value)));
        }
    }

    // ---- conditions

    /** Operator precedence of a written condition, to parenthesise only where needed. */
    private record Written(String text, int precedence) {
        static final int OR = 1;
        static final int AND = 2;
        static final int NOT = 3;
        static final int ATOM = 4;

        String at(int needed) {
            return precedence < needed ? "(" + text + ")" : text;
        }
    }

    /** A WHERE clause (or a part of one) as a condition expression. */
    String condition(Expr e) {
        return write(e).text();
    }

    /** Conditions joined with AND. */
    String conjunction(List<Expr> conditions) {
        if (conditions.size() == 1) {
            return condition(conditions.get(0));
        }
        List<String> parts = new ArrayList<>();
        for (Expr c : conditions) {
            parts.add(write(c).at(Written.AND));
        }
        return String.join(" AND ", parts);
    }

    private Written write(Expr e) {
        if (e instanceof Ast.Or or) {
            return new Written(write(or.left()).at(Written.OR) + " OR " + write(or.right()).at(Written.OR), Written.OR);
        }
        if (e instanceof Ast.And and) {
            return new Written(write(and.left()).at(Written.AND) + " AND " + write(and.right()).at(Written.AND), Written.AND);
        }
        if (e instanceof Ast.Not not) {
            return new Written("NOT " + write(not.operand()).at(Written.NOT), Written.NOT);
        }
        if (e instanceof Ast.Compare c) {
            Written bool = booleanComparison(c);
            if (bool != null) {
                return bool;
            }
            if (!c.op().equals("=") && !c.op().equals("<>")) {
                ordered(c.op(), c.left(), c.right());
            }
            return new Written(operand(c.left()) + " " + c.op() + " " + operand(c.right()), Written.ATOM);
        }
        if (e instanceof Ast.Between b) {
            ordered("BETWEEN", b.operand(), b.low(), b.high());
            String text = operand(b.operand()) + " BETWEEN " + operand(b.low()) + " AND " + operand(b.high());
            return b.negated() ? new Written("NOT (" + text + ")", Written.NOT) : new Written(text, Written.ATOM);
        }
        if (e instanceof Ast.In in) {
            List<String> items = new ArrayList<>();
            for (Expr item : in.items()) {
                items.add(operand(item));
            }
            String text = operand(in.operand()) + " IN (" + String.join(", ", items) + ")";
            return in.negated() ? new Written("NOT (" + text + ")", Written.NOT) : new Written(text, Written.ATOM);
        }
        if (e instanceof Ast.Is is) {
            return is(is);
        }
        if (e instanceof Ast.Call call) {
            checkKnown(call);
            return new Written(call(call), Written.ATOM);
        }
        throw Errors.validation("Unsupported operation: a WHERE condition must be a comparison or a function");
    }

    /** The types an ordering comparison takes; a value of another type is refused for itself, whatever it is compared with. */
    private static final Set<String> ORDERED = Set.of("S", "N", "B");

    private static void ordered(String op, Expr... operands) {
        for (Expr operand : operands) {
            if (Literals.isValue(operand)) {
                String type = Literals.value(operand).type();
                if (!ORDERED.contains(type)) {
                    throw Errors.validation("Incorrect operand type for operator or function; operator or function: " + op
                            + ", operand type: " + type);
                }
            }
        }
    }

    /** {@code attribute_exists(x) = true}: PartiQL compares a function's result with a boolean. */
    private Written booleanComparison(Ast.Compare c) {
        Ast.Call call = null;
        Value other = null;
        if (c.left() instanceof Ast.Call l && BOOLEAN_FUNCTIONS.contains(l.name()) && c.right() instanceof Ast.Literal r) {
            call = l;
            other = r.value();
        } else if (c.right() instanceof Ast.Call r && BOOLEAN_FUNCTIONS.contains(r.name()) && c.left() instanceof Ast.Literal l) {
            call = r;
            other = l.value();
        }
        if (call == null || !(other instanceof Value.Bool b)) {
            return null;
        }
        boolean holds = b.value() == c.op().equals("=");
        String text = call(call);
        return holds ? new Written(text, Written.ATOM) : new Written("NOT " + text, Written.NOT);
    }

    private Written is(Ast.Is is) {
        String subject = operand(is.operand());
        String text;
        boolean negated = is.negated();
        switch (is.kind()) {
            case MISSING -> {
                return new Written((negated ? "attribute_exists(" : "attribute_not_exists(") + subject + ")", Written.ATOM);
            }
            case NULL -> {
                // PartiQL: an absent attribute IS NULL too (MISSING IS NULL holds)
                String isNull = "attribute_type(" + subject + ", " + value(new Value.S("NULL")) + ")";
                return negated
                        ? new Written("attribute_exists(" + subject + ") AND NOT " + isNull, Written.AND)
                        : new Written("attribute_not_exists(" + subject + ") OR " + isNull, Written.OR);
            }
            default -> {
                if (is.types().isEmpty()) {
                    // a PartiQL type DynamoDB stores no values of: true of nothing
                    text = "attribute_exists(" + subject + ") AND attribute_not_exists(" + subject + ")";
                    return negated ? new Written("NOT (" + text + ")", Written.NOT) : new Written(text, Written.AND);
                }
                List<String> tests = new ArrayList<>();
                for (String type : is.types()) {
                    tests.add("attribute_type(" + subject + ", " + value(new Value.S(type)) + ")");
                }
                text = String.join(" OR ", tests);
                int precedence = tests.size() == 1 ? Written.ATOM : Written.OR;
                return negated ? new Written("NOT " + (precedence == Written.ATOM ? text : "(" + text + ")"), Written.NOT)
                        : new Written(text, precedence);
            }
        }
    }

    /** An operand of a comparison: a path, a value, or {@code size(path)}. */
    String operand(Expr e) {
        if (e instanceof Ast.PathRef p) {
            return path(p);
        }
        if (Literals.isValue(e)) {
            return value(Literals.value(e));
        }
        if (e instanceof Ast.Call call) {
            checkKnown(call);
            return call(call);
        }
        throw Errors.validation("Unsupported operation: arithmetic in a condition");
    }

    private String call(Ast.Call call) {
        List<String> args = new ArrayList<>();
        for (Expr arg : call.args()) {
            args.add(operand(arg));
        }
        return call.name() + "(" + String.join(", ", args) + ")";
    }

    private static void checkKnown(Ast.Call call) {
        if (!CONDITION_FUNCTIONS.contains(call.name())) {
            throw Errors.validation("Unrecognized function: " + call.name() + " at " + call.at().position());
        }
    }

    // ---- updates

    /** SET and REMOVE actions as an UpdateExpression; set_add and set_delete become ADD and DELETE. */
    String update(List<Ast.Action> actions) {
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        List<String> add = new ArrayList<>();
        List<String> delete = new ArrayList<>();
        for (Ast.Action action : actions) {
            if (action instanceof Ast.RemoveAction r) {
                remove.add(path(r.path()));
                continue;
            }
            Ast.SetAction s = (Ast.SetAction) action;
            if (s.value() instanceof Ast.Call call && (call.name().equals("set_add") || call.name().equals("set_delete"))) {
                String members = setOperand(s.path(), call);
                (call.name().equals("set_add") ? add : delete).add(path(s.path()) + " " + members);
            } else {
                set.add(path(s.path()) + " = " + updateValue(s.value()));
            }
        }
        StringBuilder text = new StringBuilder();
        clause(text, "SET", set);
        clause(text, "REMOVE", remove);
        clause(text, "ADD", add);
        clause(text, "DELETE", delete);
        return text.toString();
    }

    private static void clause(StringBuilder text, String keyword, List<String> actions) {
        if (actions.isEmpty()) {
            return;
        }
        if (text.length() > 0) {
            text.append(' ');
        }
        text.append(keyword).append(' ').append(String.join(", ", actions));
    }

    /** The members of {@code a = set_add(a, <<…>>)}, checked as DynamoDB checks them. */
    private String setOperand(Ast.PathRef target, Ast.Call call) {
        String function = call.name().toUpperCase(java.util.Locale.ROOT);
        if (call.args().size() != 2) {
            throw Errors.validation(function + " must have exactly two arguments at " + call.at().position());
        }
        Expr first = call.args().get(0);
        if (!(first instanceof Ast.PathRef p) || !p.elements().equals(target.elements())) {
            throw Errors.validation("The first argument to " + function + " must equal the assignment value at "
                    + call.at().position());
        }
        Expr second = call.args().get(1);
        boolean isSet = second instanceof Ast.BagLiteral
                || (second instanceof Ast.Literal l && Literals.isSet(l.value()));
        if (!isSet) {
            throw Errors.validation("The second argument to " + function + " must be a value with type SET at "
                    + first.at().position());
        }
        return value(Literals.value(second));
    }

    /** The value of a SET action: a value, a path, {@code a + b}, {@code a - b} or a function of an update. */
    private String updateValue(Expr e) {
        if (e instanceof Ast.Arithmetic a && (a.op().equals("+") || a.op().equals("-"))) {
            return updateOperand(a.left()) + " " + a.op() + " " + updateOperand(a.right());
        }
        return updateOperand(e);
    }

    private String updateOperand(Expr e) {
        if (e instanceof Ast.PathRef p) {
            return path(p);
        }
        if (Literals.isValue(e)) {
            return value(Literals.value(e));
        }
        if (e instanceof Ast.Call call && (call.name().equals("list_append") || call.name().equals("if_not_exists"))) {
            List<String> args = new ArrayList<>();
            for (Expr arg : call.args()) {
                args.add(updateOperand(arg));
            }
            return call.name() + "(" + String.join(", ", args) + ")";
        }
        if (e instanceof Ast.Call call) {
            throw Errors.validation("Unrecognized function: " + call.name() + " at " + call.at().position());
        }
        if (e instanceof Ast.Arithmetic a) {
            throw Errors.validation("Unsupported operation: " + a.op() + " in an update");
        }
        throw Errors.validation("Unsupported operation in an update");
    }
}
