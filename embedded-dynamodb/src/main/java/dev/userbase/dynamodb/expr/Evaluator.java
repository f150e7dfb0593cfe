package dev.userbase.dynamodb.expr;

import java.util.Map;

import dev.userbase.dynamodb.model.KeyOrder;
import dev.userbase.dynamodb.model.Value;

/**
 * Evaluates conditions against an item, by the rules of the Developer Guide: an operand that names
 * a missing attribute has no value; a comparison with a missing operand, or between values of
 * different types, is false ({@code <>} is its negation, so true); only strings, numbers and binary
 * values are ordered (strings by UTF-8 bytes, numbers by value, binary unsigned).
 */
final class Evaluator {

    private Evaluator() {
    }

    static boolean test(Ast.Cond cond, Map<String, Value> item) {
        if (cond instanceof Ast.Compare c) {
            return compare(c.comparator(), value(c.left(), item), value(c.right(), item));
        }
        if (cond instanceof Ast.And a) {
            return test(a.left(), item) && test(a.right(), item);
        }
        if (cond instanceof Ast.Or o) {
            return test(o.left(), item) || test(o.right(), item);
        }
        if (cond instanceof Ast.Not n) {
            return !test(n.operand(), item);
        }
        if (cond instanceof Ast.Between b) {
            Value v = value(b.value(), item);
            return compare(Ast.Comparator.GE, v, value(b.lower(), item))
                    && compare(Ast.Comparator.LE, v, value(b.upper(), item));
        }
        if (cond instanceof Ast.In in) {
            Value v = value(in.value(), item);
            if (v == null) {
                return false;
            }
            for (Ast.Operand o : in.list()) {
                if (v.equals(value(o, item))) {
                    return true;
                }
            }
            return false;
        }
        if (cond instanceof Ast.Call call) {
            return call(call, item);
        }
        return cond instanceof Ast.True;
    }

    private static boolean call(Ast.Call call, Map<String, Value> item) {
        Value first = value(call.args().get(0), item);
        return switch (call.function()) {
            case ATTRIBUTE_EXISTS -> first != null;
            case ATTRIBUTE_NOT_EXISTS -> first == null;
            case ATTRIBUTE_TYPE -> first != null
                    && value(call.args().get(1), item) instanceof Value.S type
                    && first.type().equals(type.value());
            case BEGINS_WITH -> beginsWith(first, value(call.args().get(1), item));
            case CONTAINS -> contains(first, value(call.args().get(1), item));
            default -> throw new IllegalStateException("not a condition function: " + call.function());
        };
    }

    /** The value of a condition operand in {@code item}, or null for none. */
    static Value value(Ast.Operand operand, Map<String, Value> item) {
        if (operand instanceof Ast.PathRef p) {
            return DocumentPaths.get(item, p.path());
        }
        if (operand instanceof Ast.Const c) {
            return c.value();
        }
        if (operand instanceof Ast.Size s) {
            Value v = value(s.operand(), item);
            Integer size = size(v);
            return size == null ? null : Value.N.of(size);
        }
        throw new IllegalStateException("not a condition operand: " + operand);
    }

    /**
     * {@code size}: a string's length in UTF-8 bytes, a binary value's length, the number of
     * elements of a set, list or map; nothing for other types.
     */
    static Integer size(Value v) {
        if (v instanceof Value.S s) {
            return Value.utf8Length(s.value());
        }
        if (v instanceof Value.B b) {
            return b.value().length();
        }
        if (v instanceof Value.SS ss) {
            return ss.values().size();
        }
        if (v instanceof Value.NS ns) {
            return ns.values().size();
        }
        if (v instanceof Value.BS bs) {
            return bs.values().size();
        }
        if (v instanceof Value.L l) {
            return l.values().size();
        }
        if (v instanceof Value.M m) {
            return m.values().size();
        }
        return null;
    }

    static boolean compare(Ast.Comparator comparator, Value a, Value b) {
        if (comparator == Ast.Comparator.EQ) {
            return a != null && a.equals(b);
        }
        if (comparator == Ast.Comparator.NE) {
            return !(a != null && a.equals(b));
        }
        if (!ordered(a) || !ordered(b) || !a.type().equals(b.type())) {
            return false;
        }
        int c = KeyOrder.compare(a, b);
        return switch (comparator) {
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            default -> throw new IllegalStateException();
        };
    }

    /** Whether values of this type are ordered: strings, numbers and binary values. */
    static boolean ordered(Value v) {
        return v instanceof Value.S || v instanceof Value.N || v instanceof Value.B;
    }

    static boolean beginsWith(Value v, Value prefix) {
        if (v instanceof Value.S s && prefix instanceof Value.S p) {
            return s.value().startsWith(p.value());
        }
        if (v instanceof Value.B b && prefix instanceof Value.B p) {
            return b.value().startsWith(p.value());
        }
        return false;
    }

    /**
     * {@code contains}: a substring of a string, a subsequence of a binary value, an element of a
     * set of the operand's type, or an element of a list.
     */
    static boolean contains(Value v, Value operand) {
        if (v == null || operand == null) {
            return false;
        }
        if (v instanceof Value.S s) {
            return operand instanceof Value.S o && s.value().contains(o.value());
        }
        if (v instanceof Value.B b) {
            return operand instanceof Value.B o && b.value().contains(o.value());
        }
        if (v instanceof Value.SS ss) {
            return operand instanceof Value.S o && ss.values().contains(o.value());
        }
        if (v instanceof Value.NS ns) {
            return operand instanceof Value.N o && ns.values().contains(o.value());
        }
        if (v instanceof Value.BS bs) {
            return operand instanceof Value.B o && bs.values().contains(o.value());
        }
        if (v instanceof Value.L l) {
            return l.values().contains(operand);
        }
        return false;
    }
}
