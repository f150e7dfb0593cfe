package dev.userbase.dynamodb.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import dev.userbase.dynamodb.AttributeValues;
import dev.userbase.dynamodb.ReferenceModel;
import dev.userbase.dynamodb.model.Bytes;
import dev.userbase.dynamodb.model.Value;

/**
 * Condition expressions as the engine parses and evaluates them agree with a reference model of the
 * Developer Guide's "Condition and filter expressions, operators, and functions", for generated items
 * and generated conditions: every comparator, BETWEEN, IN, every function, size, nested paths and
 * list indexes, and AND/OR/NOT written with the fewest parentheses their precedence (NOT, then AND,
 * then OR) allows as well as with every one; and the laws of logic hold (De Morgan, double negation).
 */
class ConditionPropertiesTest {

    /** Attribute names, also used as map keys so nested paths find something. */
    static final List<String> NAMES = List.of("a", "b", "c", "d");

    // ---- the tests' own condition tree -------------------------------------------------------

    sealed interface Operand {
    }

    /** Names (String) and list indexes (Integer), top-level name first. */
    record PathOp(List<Object> elements) implements Operand {
    }

    record ConstOp(Value value) implements Operand {
    }

    record SizeOp(PathOp path) implements Operand {
    }

    sealed interface Cond {
    }

    record Cmp(String op, Operand left, Operand right) implements Cond {
    }

    record Btw(Operand value, Operand lower, Operand upper) implements Cond {
    }

    record In(Operand value, List<Operand> list) implements Cond {
    }

    record Fn(String name, List<Operand> args) implements Cond {
    }

    record And(Cond left, Cond right) implements Cond {
    }

    record Or(Cond left, Cond right) implements Cond {
    }

    record Not(Cond operand) implements Cond {
    }

    record Case(Map<String, Value> item, Cond cond) {
    }

    record TwoConds(Map<String, Value> item, Cond one, Cond two) {
    }

    // ---- properties -------------------------------------------------------------------------

    @Property(tries = 400)
    void engineAgreesWithTheReference_fewestParentheses(@ForAll("cases") Case c) {
        boolean expected = reference(c.cond(), c.item());
        assertThat(engine(c.cond(), c.item(), false)).as(() -> render(c.cond(), false).text() + " on " + c.item())
                .isEqualTo(expected);
        Statistics.label("outcome").collect(expected);
        // the generators are only worth something if neither outcome is rare
        Statistics.label("outcome").coverage(cov -> {
            cov.check(true).percentage(p -> p > 10);
            cov.check(false).percentage(p -> p > 10);
        });
    }

    /** Each kind of leaf condition on its own, so that none is drowned in AND/OR trees. */
    @Property(tries = 400)
    void eachLeafAgreesWithTheReference(@ForAll("leafCases") Case c) {
        boolean expected = reference(c.cond(), c.item());
        assertThat(engine(c.cond(), c.item(), false)).as(() -> render(c.cond(), false).text() + " on " + c.item())
                .isEqualTo(expected);
        Statistics.label("leaf").collect(kind(c.cond()), expected);
    }

    @Property(tries = 150)
    void everyParenthesisChangesNothing(@ForAll("cases") Case c) {
        assertThat(engine(c.cond(), c.item(), true)).as(() -> render(c.cond(), true).text() + " on " + c.item())
                .isEqualTo(reference(c.cond(), c.item()));
    }

    @Property(tries = 150)
    void deMorgan(@ForAll("twoConds") TwoConds t) {
        Map<String, Value> item = t.item();
        assertThat(engine(new Not(new And(t.one(), t.two())), item, false))
                .isEqualTo(engine(new Or(new Not(t.one()), new Not(t.two())), item, false));
        assertThat(engine(new Not(new Or(t.one(), t.two())), item, false))
                .isEqualTo(engine(new And(new Not(t.one()), new Not(t.two())), item, false));
    }

    @Property(tries = 100)
    void doubleNegation(@ForAll("cases") Case c) {
        assertThat(engine(new Not(new Not(c.cond())), c.item(), false)).isEqualTo(engine(c.cond(), c.item(), false));
    }

    /** {@code x OR y AND z} is {@code x OR (y AND z)}, {@code NOT x AND y} is {@code (NOT x) AND y}. */
    @Property(tries = 100)
    void precedenceWithoutParentheses(@ForAll("twoConds") TwoConds t, @ForAll("twoConds") TwoConds u) {
        Map<String, Value> item = t.item();
        Cond x = t.one();
        Cond y = t.two();
        Cond z = u.one();
        Rendered orAnd = render(List.of(x, y, z), "%s OR %s AND %s");
        assertThat(evaluate(orAnd, item)).as(orAnd::text).isEqualTo(reference(new Or(x, new And(y, z)), item));
        Rendered notAnd = render(List.of(x, y), "NOT %s AND %s");
        assertThat(evaluate(notAnd, item)).as(notAnd::text).isEqualTo(reference(new And(new Not(x), y), item));
    }

    // ---- generators -------------------------------------------------------------------------

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(AttributeValues.items(NAMES, 2), conditions(3)).as(Case::new);
    }

    @Provide
    Arbitrary<Case> leafCases() {
        return Combinators.combine(AttributeValues.items(NAMES, 2), leaves()).as(Case::new);
    }

    static String kind(Cond c) {
        if (c instanceof Cmp cmp) {
            return cmp.op();
        }
        if (c instanceof Fn f) {
            return f.name();
        }
        return c.getClass().getSimpleName();
    }

    @Provide
    Arbitrary<TwoConds> twoConds() {
        return Combinators.combine(AttributeValues.items(NAMES, 2), conditions(2), conditions(2)).as(TwoConds::new);
    }

    static Arbitrary<Cond> conditions(int depth) {
        Arbitrary<Cond> leaf = leaves();
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Cond> inner = conditions(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(3, leaf),
                Tuple.of(2, Combinators.combine(inner, inner).as(And::new)),
                Tuple.of(2, Combinators.combine(inner, inner).as(Or::new)),
                Tuple.of(1, inner.map(Not::new)));
    }

    static Arbitrary<Cond> leaves() {
        Arbitrary<PathOp> path = paths();
        Arbitrary<Value> constant = constants();
        Arbitrary<Value> orderedConstant = constant.filter(ReferenceModel::ordered);
        Arbitrary<Operand> value = Arbitraries.frequencyOf(Tuple.of(4, path), Tuple.of(1, path.map(SizeOp::new)));
        Arbitrary<Operand> other = Arbitraries.frequencyOf(Tuple.of(4, constant.map(ConstOp::new)), Tuple.of(1, path),
                Tuple.of(1, Arbitraries.integers().between(0, 4).map(n -> new ConstOp(Value.N.of(n)))));
        Arbitrary<Operand> orderedOther = Arbitraries.frequencyOf(Tuple.of(4, orderedConstant.map(ConstOp::new)),
                Tuple.of(1, path), Tuple.of(1, Arbitraries.integers().between(0, 4).map(n -> new ConstOp(Value.N.of(n)))));

        Arbitrary<Cond> equality = Combinators.combine(Arbitraries.of("=", "<>"), value, other, Arbitraries.of(true, false))
                .as((op, l, r, swap) -> (Cond) (swap ? new Cmp(op, r, l) : new Cmp(op, l, r)));
        Arbitrary<Cond> order = Combinators.combine(Arbitraries.of("<", "<=", ">", ">="), value, orderedOther,
                Arbitraries.of(true, false)).as((op, l, r, swap) -> (Cond) (swap ? new Cmp(op, r, l) : new Cmp(op, l, r)));
        // constant bounds must share a type and be in order, or DynamoDB refuses the expression
        Arbitrary<Cond> between = Combinators.combine(value, orderedConstant, orderedConstant, path, Arbitraries.integers().between(0, 3))
                .as((v, x, y, p, shape) -> {
                    if (shape == 0) {
                        return (Cond) new Btw(v, p, new ConstOp(x));
                    }
                    Value lo = x;
                    Value hi = y.type().equals(x.type()) ? y : x;
                    if (ReferenceModel.compareKeys(lo, hi) > 0) {
                        Value t = lo;
                        lo = hi;
                        hi = t;
                    }
                    return (Cond) new Btw(v, new ConstOp(lo), new ConstOp(hi));
                });
        Arbitrary<Cond> in = Combinators.combine(value, other.list().ofMinSize(1).ofMaxSize(4)).as((v, list) -> (Cond) new In(v, list));
        Arbitrary<Cond> exists = Combinators.combine(Arbitraries.of("attribute_exists", "attribute_not_exists"), path)
                .as((f, p) -> (Cond) new Fn(f, List.of(p)));
        Arbitrary<Cond> type = Combinators.combine(path, Arbitraries.of("S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS"))
                .as((p, t) -> (Cond) new Fn("attribute_type", List.of(p, new ConstOp(new Value.S(t)))));
        Arbitrary<Operand> prefix = Arbitraries.frequencyOf(
                Tuple.of(4, constant.filter(v -> v instanceof Value.S || v instanceof Value.B).map(ConstOp::new)),
                Tuple.of(1, path));
        Arbitrary<Cond> beginsWith = Combinators.combine(path, prefix).as((p, x) -> (Cond) new Fn("begins_with", List.of(p, x)));
        Arbitrary<Cond> contains = Combinators.combine(path, other).as((p, x) -> (Cond) new Fn("contains", List.of(p, x)));
        return Arbitraries.frequencyOf(Tuple.of(3, equality), Tuple.of(3, order), Tuple.of(2, between), Tuple.of(2, in),
                Tuple.of(1, exists), Tuple.of(1, type), Tuple.of(2, beginsWith), Tuple.of(2, contains))
                .filter(ConditionPropertiesTest::valid);
    }

    /** Paths of one to three elements: names, or indexes 0..2. */
    static Arbitrary<PathOp> paths() {
        Arbitrary<Object> element = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(NAMES).map(n -> (Object) n)),
                Tuple.of(2, Arbitraries.integers().between(0, 2).map(i -> (Object) i)));
        return Combinators.combine(Arbitraries.of(NAMES), element.list().ofMaxSize(2)).as((top, rest) -> {
            List<Object> all = new ArrayList<>();
            all.add(top);
            all.addAll(rest);
            return new PathOp(all);
        });
    }

    /** Mostly the values items are made of (so that equalities, prefixes and containment hold), else any value. */
    static Arbitrary<Value> constants() {
        Arbitrary<Value> prefixes = Arbitraries.of(AttributeValues.COMMON).filter(v -> v instanceof Value.S || v instanceof Value.B)
                .flatMap(v -> Arbitraries.integers().between(0, 2).map(n -> truncate(v, n)));
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(AttributeValues.COMMON)), Tuple.of(1, prefixes),
                Tuple.of(3, AttributeValues.values(1, NAMES)));
    }

    private static Value truncate(Value v, int n) {
        if (v instanceof Value.S s) {
            int[] cps = s.value().codePoints().limit(n).toArray();
            return new Value.S(new String(cps, 0, cps.length));
        }
        byte[] b = ((Value.B) v).value().toArray();
        return new Value.B(Bytes.of(Arrays.copyOf(b, Math.min(n, b.length))));
    }

    /** A condition DynamoDB accepts: no operator between a path and itself. */
    static boolean valid(Cond c) {
        if (c instanceof Cmp cmp) {
            return !Objects.equals(cmp.left(), cmp.right()) && !(cmp.left() instanceof ConstOp && cmp.right() instanceof ConstOp);
        }
        if (c instanceof Fn f && f.args().size() == 2) {
            return !Objects.equals(f.args().get(0), f.args().get(1));
        }
        // the first operand of BETWEEN and IN is kept distinct from the others too
        if (c instanceof Btw b) {
            return !b.value().equals(b.lower()) && !b.value().equals(b.upper());
        }
        if (c instanceof In in) {
            return !in.list().contains(in.value());
        }
        return true;
    }

    // ---- rendering: the text a client would send --------------------------------------------

    record Rendered(String text, Map<String, String> names, Map<String, Value> values) {
    }

    private static final class Renderer {
        final Map<String, String> names = new LinkedHashMap<>();
        final Map<String, String> placeholders = new LinkedHashMap<>();
        final Map<String, Value> values = new LinkedHashMap<>();
        final boolean everyParenthesis;

        Renderer(boolean everyParenthesis) {
            this.everyParenthesis = everyParenthesis;
        }

        String name(String n) {
            return placeholders.computeIfAbsent(n, k -> {
                String p = "#n" + placeholders.size();
                names.put(p, k);
                return p;
            });
        }

        String operand(Operand o) {
            if (o instanceof PathOp p) {
                StringBuilder b = new StringBuilder(name((String) p.elements().get(0)));
                for (Object e : p.elements().subList(1, p.elements().size())) {
                    b.append(e instanceof Integer i ? "[" + i + "]" : "." + name((String) e));
                }
                return b.toString();
            }
            if (o instanceof SizeOp s) {
                return "size(" + operand(s.path()) + ")";
            }
            String p = ":v" + values.size();
            values.put(p, ((ConstOp) o).value());
            return p;
        }

        /** Precedence: OR 1, AND 2, NOT 3, a comparison or function 4. */
        static int precedence(Cond c) {
            return c instanceof Or ? 1 : c instanceof And ? 2 : c instanceof Not ? 3 : 4;
        }

        String cond(Cond c) {
            if (c instanceof And a) {
                return wrap(child(a.left(), 2) + " AND " + child(a.right(), 3));
            }
            if (c instanceof Or o) {
                return wrap(child(o.left(), 1) + " OR " + child(o.right(), 2));
            }
            if (c instanceof Not n) {
                return "NOT " + child(n.operand(), 3);
            }
            return leaf(c);
        }

        private String wrap(String s) {
            return everyParenthesis ? "(" + s + ")" : s;
        }

        /** A child that binds less tightly than {@code needed} is parenthesised (AND and OR are left-associative). */
        private String child(Cond c, int needed) {
            String text = cond(c);
            if (everyParenthesis) {
                return text;
            }
            return precedence(c) < needed ? "(" + text + ")" : text;
        }

        private String leaf(Cond c) {
            if (c instanceof Cmp cmp) {
                return operand(cmp.left()) + " " + cmp.op() + " " + operand(cmp.right());
            }
            if (c instanceof Btw b) {
                return operand(b.value()) + " BETWEEN " + operand(b.lower()) + " AND " + operand(b.upper());
            }
            if (c instanceof In in) {
                StringBuilder s = new StringBuilder(operand(in.value())).append(" IN (");
                for (int i = 0; i < in.list().size(); i++) {
                    s.append(i == 0 ? "" : ", ").append(operand(in.list().get(i)));
                }
                return s.append(")").toString();
            }
            Fn f = (Fn) c;
            StringBuilder s = new StringBuilder(f.name()).append("(");
            for (int i = 0; i < f.args().size(); i++) {
                s.append(i == 0 ? "" : ", ").append(operand(f.args().get(i)));
            }
            return s.append(")").toString();
        }
    }

    static Rendered render(Cond c, boolean everyParenthesis) {
        Renderer r = new Renderer(everyParenthesis);
        String text = r.cond(c);
        return new Rendered(text, r.names, r.values);
    }

    /** Conditions rendered into a template's {@code %s} slots, each parenthesised. */
    static Rendered render(List<Cond> conds, String template) {
        Renderer r = new Renderer(false);
        Object[] parts = conds.stream().map(c -> "(" + r.cond(c) + ")").toArray();
        return new Rendered(String.format(template, parts), r.names, r.values);
    }

    static boolean engine(Cond c, Map<String, Value> item, boolean everyParenthesis) {
        return evaluate(render(c, everyParenthesis), item);
    }

    static boolean evaluate(Rendered r, Map<String, Value> item) {
        ExpressionContext context = new ExpressionContext(r.names(), r.values());
        Condition condition = Expressions.condition(r.text(), context, "ConditionExpression");
        context.checkAllUsed();
        return condition.test(item);
    }

    // ---- the reference model ----------------------------------------------------------------

    static boolean reference(Cond c, Map<String, Value> item) {
        if (c instanceof And a) {
            return reference(a.left(), item) && reference(a.right(), item);
        }
        if (c instanceof Or o) {
            return reference(o.left(), item) || reference(o.right(), item);
        }
        if (c instanceof Not n) {
            return !reference(n.operand(), item);
        }
        if (c instanceof Cmp cmp) {
            return compare(cmp.op(), value(cmp.left(), item), value(cmp.right(), item));
        }
        if (c instanceof Btw b) {
            Value v = value(b.value(), item);
            return compare(">=", v, value(b.lower(), item)) && compare("<=", v, value(b.upper(), item));
        }
        if (c instanceof In in) {
            Value v = value(in.value(), item);
            return in.list().stream().anyMatch(o -> ReferenceModel.same(v, value(o, item)));
        }
        Fn f = (Fn) c;
        Value first = value(f.args().get(0), item);
        Value second = f.args().size() > 1 ? value(f.args().get(1), item) : null;
        return switch (f.name()) {
            case "attribute_exists" -> first != null;
            case "attribute_not_exists" -> first == null;
            case "attribute_type" -> first != null && first.type().equals(((Value.S) second).value());
            case "begins_with" -> beginsWith(first, second);
            case "contains" -> contains(first, second);
            default -> throw new IllegalArgumentException(f.name());
        };
    }

    /** {@code =} needs both operands and equal values; {@code <>} is its negation; order needs one ordered type. */
    static boolean compare(String op, Value a, Value b) {
        if (op.equals("=")) {
            return ReferenceModel.same(a, b);
        }
        if (op.equals("<>")) {
            return !ReferenceModel.same(a, b);
        }
        if (!ReferenceModel.ordered(a) || !ReferenceModel.ordered(b) || !a.type().equals(b.type())) {
            return false;
        }
        int c = ReferenceModel.compareKeys(a, b);
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            default -> throw new IllegalArgumentException(op);
        };
    }

    static Value value(Operand o, Map<String, Value> item) {
        if (o instanceof ConstOp c) {
            return c.value();
        }
        if (o instanceof SizeOp s) {
            Value v = value(s.path(), item);
            if (v == null) {
                return null;
            }
            return switch (v.type()) {
                case "S" -> Value.N.of(ReferenceModel.utf8(((Value.S) v).value()).length);
                case "B" -> Value.N.of(((Value.B) v).value().length());
                case "SS" -> Value.N.of(((Value.SS) v).values().size());
                case "NS" -> Value.N.of(((Value.NS) v).values().size());
                case "BS" -> Value.N.of(((Value.BS) v).values().size());
                case "L" -> Value.N.of(((Value.L) v).values().size());
                case "M" -> Value.N.of(((Value.M) v).values().size());
                default -> null; // size of a number, Boolean or null is no value
            };
        }
        return ReferenceModel.resolve(item, ((PathOp) o).elements());
    }

    static boolean beginsWith(Value v, Value prefix) {
        byte[] a;
        byte[] p;
        if (v instanceof Value.S s && prefix instanceof Value.S x) {
            a = ReferenceModel.utf8(s.value());
            p = ReferenceModel.utf8(x.value());
        } else if (v instanceof Value.B b && prefix instanceof Value.B x) {
            a = b.value().toArray();
            p = x.value().toArray();
        } else {
            return false;
        }
        return a.length >= p.length && Arrays.equals(a, 0, p.length, p, 0, p.length);
    }

    static boolean contains(Value v, Value operand) {
        if (v == null || operand == null) {
            return false;
        }
        if (v instanceof Value.S s && operand instanceof Value.S x) {
            return indexOf(ReferenceModel.utf8(s.value()), ReferenceModel.utf8(x.value())) >= 0;
        }
        if (v instanceof Value.B b && operand instanceof Value.B x) {
            return indexOf(b.value().toArray(), x.value().toArray()) >= 0;
        }
        if (v instanceof Value.SS || v instanceof Value.NS || v instanceof Value.BS) {
            return AttributeValues.leaves(v).stream().skip(1).anyMatch(e -> ReferenceModel.same(e, operand));
        }
        if (v instanceof Value.L l) {
            return l.values().stream().anyMatch(e -> ReferenceModel.same(e, operand));
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
