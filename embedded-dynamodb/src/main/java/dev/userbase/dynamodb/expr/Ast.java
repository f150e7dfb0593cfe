package dev.userbase.dynamodb.expr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.model.Bytes;
import dev.userbase.dynamodb.model.KeyOrder;
import dev.userbase.dynamodb.model.Numbers;
import dev.userbase.dynamodb.model.Value;

/** The parsed forms of expressions and how they evaluate against an item. */
final class Ast {

    private Ast() {
    }

    // ------------------------------------------------------------------ operands

    /** Something that yields a value from an item: null when it names nothing there. */
    sealed interface Operand permits PathOperand, Literal, Size, IfNotExists, ListAppend, Arithmetic {
        Value eval(Map<String, Value> item);
    }

    record PathOperand(Path path) implements Operand {
        public Value eval(Map<String, Value> item) {
            return Documents.get(item, path);
        }
    }

    record Literal(Value value) implements Operand {
        public Value eval(Map<String, Value> item) {
            return value;
        }
    }

    /** {@code size(path)}: characters of a string, bytes of a binary, elements of a set, list or map. */
    record Size(Operand argument) implements Operand {
        public Value eval(Map<String, Value> item) {
            Value v = argument.eval(item);
            long size;
            if (v instanceof Value.S s) {
                size = s.value().codePointCount(0, s.value().length());
            } else if (v instanceof Value.B b) {
                size = b.value().length();
            } else if (v instanceof Value.SS ss) {
                size = ss.values().size();
            } else if (v instanceof Value.NS ns) {
                size = ns.values().size();
            } else if (v instanceof Value.BS bs) {
                size = bs.values().size();
            } else if (v instanceof Value.L l) {
                size = l.values().size();
            } else if (v instanceof Value.M m) {
                size = m.values().size();
            } else {
                return null;
            }
            return Value.N.of(size);
        }
    }

    /** {@code if_not_exists(path, operand)} in a SET action. */
    record IfNotExists(PathOperand path, Operand fallback) implements Operand {
        public Value eval(Map<String, Value> item) {
            Value v = path.eval(item);
            return v != null ? v : Updates.required(fallback, item);
        }
    }

    /** {@code list_append(a, b)} in a SET action. */
    record ListAppend(Operand first, Operand second) implements Operand {
        public Value eval(Map<String, Value> item) {
            Value a = Updates.required(first, item);
            Value b = Updates.required(second, item);
            if (!(a instanceof Value.L la) || !(b instanceof Value.L lb)) {
                throw Updates.incorrectType();
            }
            List<Value> joined = new ArrayList<>(la.values());
            joined.addAll(lb.values());
            return new Value.L(joined);
        }
    }

    /** {@code a + b} or {@code a - b} in a SET action. */
    record Arithmetic(Operand left, boolean plus, Operand right) implements Operand {
        public Value eval(Map<String, Value> item) {
            Value a = Updates.required(left, item);
            Value b = Updates.required(right, item);
            if (!(a instanceof Value.N na) || !(b instanceof Value.N nb)) {
                throw Updates.incorrectType();
            }
            BigDecimal result = plus ? na.value().add(nb.value()) : na.value().subtract(nb.value());
            return new Value.N(Numbers.check(result));
        }
    }

    // ------------------------------------------------------------------ conditions

    enum Comparator {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Comparator(String symbol) {
            this.symbol = symbol;
        }
    }

    sealed interface Cond extends Condition permits Compare, Between, In, And, Or, Not, Exists, AttributeType, BeginsWith,
            Contains {
    }

    record Compare(Operand left, Comparator comparator, Operand right) implements Cond {
        public boolean test(Map<String, Value> item) {
            Value a = left.eval(item);
            Value b = right.eval(item);
            if (comparator == Comparator.EQ) {
                return a != null && a.equals(b);
            }
            if (comparator == Comparator.NE) {
                return a == null || !a.equals(b);
            }
            if (!orderable(a, b)) {
                return false;
            }
            int c = KeyOrder.compare(a, b);
            return switch (comparator) {
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                default -> false;
            };
        }
    }

    static boolean orderable(Value a, Value b) {
        return a != null && b != null && a.type().equals(b.type())
                && (a instanceof Value.S || a instanceof Value.N || a instanceof Value.B);
    }

    record Between(Operand operand, Operand lower, Operand upper) implements Cond {
        public boolean test(Map<String, Value> item) {
            Value v = operand.eval(item);
            Value lo = lower.eval(item);
            Value hi = upper.eval(item);
            return orderable(v, lo) && orderable(v, hi) && KeyOrder.compare(v, lo) >= 0 && KeyOrder.compare(v, hi) <= 0;
        }
    }

    record In(Operand operand, List<Operand> candidates) implements Cond {
        public boolean test(Map<String, Value> item) {
            Value v = operand.eval(item);
            if (v == null) {
                return false;
            }
            for (Operand c : candidates) {
                if (v.equals(c.eval(item))) {
                    return true;
                }
            }
            return false;
        }
    }

    record And(Cond left, Cond right) implements Cond {
        public boolean test(Map<String, Value> item) {
            return left.test(item) && right.test(item);
        }
    }

    record Or(Cond left, Cond right) implements Cond {
        public boolean test(Map<String, Value> item) {
            return left.test(item) || right.test(item);
        }
    }

    record Not(Cond inner) implements Cond {
        public boolean test(Map<String, Value> item) {
            return !inner.test(item);
        }
    }

    /** {@code attribute_exists(path)} ({@code exists} true) or {@code attribute_not_exists(path)}. */
    record Exists(Path path, boolean exists) implements Cond {
        public boolean test(Map<String, Value> item) {
            return (Documents.get(item, path) != null) == exists;
        }
    }

    record AttributeType(Path path, Operand type) implements Cond {
        public boolean test(Map<String, Value> item) {
            Value v = Documents.get(item, path);
            Value t = type.eval(item);
            return v != null && t instanceof Value.S s && v.type().equals(s.value());
        }
    }

    record BeginsWith(Operand operand, Operand prefix) implements Cond {
        public boolean test(Map<String, Value> item) {
            Value v = operand.eval(item);
            Value p = prefix.eval(item);
            if (v instanceof Value.S s && p instanceof Value.S ps) {
                return s.value().startsWith(ps.value());
            }
            if (v instanceof Value.B b && p instanceof Value.B pb) {
                return b.value().startsWith(pb.value());
            }
            return false;
        }
    }

    record Contains(Operand operand, Operand element) implements Cond {
        public boolean test(Map<String, Value> item) {
            Value v = operand.eval(item);
            Value e = element.eval(item);
            if (v == null || e == null) {
                return false;
            }
            if (v instanceof Value.S s) {
                return e instanceof Value.S es && s.value().contains(es.value());
            }
            if (v instanceof Value.B b) {
                return e instanceof Value.B eb && b.value().contains(eb.value());
            }
            if (v instanceof Value.SS ss) {
                return e instanceof Value.S es && ss.values().contains(es.value());
            }
            if (v instanceof Value.NS ns) {
                return e instanceof Value.N en && ns.values().contains(en.value());
            }
            if (v instanceof Value.BS bs) {
                return e instanceof Value.B eb && bs.values().contains(eb.value());
            }
            if (v instanceof Value.L l) {
                return l.values().contains(e);
            }
            return false;
        }
    }

    // ------------------------------------------------------------------ set arithmetic for ADD and DELETE

    static Value union(Value set, Value added) {
        if (set instanceof Value.SS a && added instanceof Value.SS b) {
            Set<String> s = new LinkedHashSet<>(a.values());
            s.addAll(b.values());
            return new Value.SS(s);
        }
        if (set instanceof Value.NS a && added instanceof Value.NS b) {
            Set<BigDecimal> s = new LinkedHashSet<>(a.values());
            s.addAll(b.values());
            return new Value.NS(s);
        }
        if (set instanceof Value.BS a && added instanceof Value.BS b) {
            Set<Bytes> s = new LinkedHashSet<>(a.values());
            s.addAll(b.values());
            return new Value.BS(s);
        }
        throw Updates.incorrectType();
    }

    /** The set without {@code removed}'s elements, or null when nothing is left. */
    static Value difference(Value set, Value removed) {
        if (set instanceof Value.SS a && removed instanceof Value.SS b) {
            Set<String> s = new LinkedHashSet<>(a.values());
            s.removeAll(b.values());
            return s.isEmpty() ? null : new Value.SS(s);
        }
        if (set instanceof Value.NS a && removed instanceof Value.NS b) {
            Set<BigDecimal> s = new LinkedHashSet<>(a.values());
            s.removeAll(b.values());
            return s.isEmpty() ? null : new Value.NS(s);
        }
        if (set instanceof Value.BS a && removed instanceof Value.BS b) {
            Set<Bytes> s = new LinkedHashSet<>(a.values());
            s.removeAll(b.values());
            return s.isEmpty() ? null : new Value.BS(s);
        }
        throw Updates.incorrectType();
    }

    static DynamoDbException runtime(String message) {
        return DynamoDbException.validation(message);
    }
}
