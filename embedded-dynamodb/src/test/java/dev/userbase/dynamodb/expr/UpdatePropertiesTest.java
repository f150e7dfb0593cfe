package dev.userbase.dynamodb.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import dev.userbase.dynamodb.AttributeValues;
import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.ReferenceModel;
import dev.userbase.dynamodb.model.Bytes;
import dev.userbase.dynamodb.model.Value;

/**
 * Update expressions applied by the engine agree with a reference model of the Developer Guide's
 * "Using update expressions": SET (values, {@code +}/{@code -}, list_append, if_not_exists) computed
 * from the item before the update, REMOVE, ADD (number sum, set union) and DELETE (set difference,
 * the attribute gone when nothing is left), in any clause order; and number arithmetic is DynamoDB's
 * exact 38-digit decimal arithmetic with results beyond 9.99…E+125 refused.
 */
class UpdatePropertiesTest {

    static final List<String> NAMES = List.of("a", "b", "c", "d", "e", "f");
    static final BigDecimal MAX = AttributeValues.MAX_NUMBER;
    static final String OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range";
    static final String MISSING = "The provided expression refers to an attribute that does not exist in the item";
    static final String WRONG_TYPE = "An operand in the update expression has an incorrect data type";

    // ---- the tests' own update actions --------------------------------------------------------

    /** An operand of SET: an attribute of the item, or a constant. */
    sealed interface Operand {
    }

    record Attr(String name) implements Operand {
    }

    record Const(Value value) implements Operand {
    }

    sealed interface Action {
        String target();
    }

    record SetValue(String target, Operand value) implements Action {
    }

    record SetArith(String target, Operand left, boolean plus, Operand right) implements Action {
    }

    record SetAppend(String target, Operand first, Operand second) implements Action {
    }

    record SetIfNotExists(String target, String path, Operand fallback) implements Action {
    }

    record Remove(String target) implements Action {
    }

    record Add(String target, Value value) implements Action {
    }

    record Delete(String target, Value value) implements Action {
    }

    record Case(Map<String, Value> item, List<Action> actions, List<String> clauseOrder) {
    }

    /** What an update does: the new item, or the messages of the errors it may fail with (any one of them). */
    record Outcome(Map<String, Value> item, Set<String> errors) {
    }

    // ---- properties -------------------------------------------------------------------------

    @Property(tries = 600)
    void engineAgreesWithTheReference(@ForAll("cases") Case c) {
        Outcome expected = reference(c.item(), c.actions());
        String text = render(c, new LinkedHashMap<>(), new LinkedHashMap<>());
        Outcome actual = engine(c);
        if (expected.errors().isEmpty()) {
            assertThat(actual.errors()).as(() -> text + " on " + c.item()).isEmpty();
            assertThat(ReferenceModel.sameMap(actual.item(), expected.item()))
                    .as(() -> text + " on " + c.item() + ": " + actual.item() + " expected " + expected.item()).isTrue();
        } else {
            assertThat(actual.errors()).as(() -> text + " on " + c.item()).hasSize(1);
            assertThat(expected.errors()).as(() -> text + " on " + c.item()).containsAll(actual.errors());
        }
        Statistics.label("outcome").collect(expected.errors().isEmpty() ? "applied" : "refused");
        // about 45% apply; the bound sits far enough below (7 standard deviations at 600 tries) that no seed fails it
        Statistics.label("outcome").coverage(cov -> cov.check("applied").percentage(p -> p > 30));
    }

    /** ADD of a set is union; DELETE is difference, and an attribute left empty is removed. */
    @Property(tries = 200)
    void addIsUnionAndDeleteIsDifference(@ForAll("setPairs") Tuple.Tuple2<Value, Value> sets) {
        Map<String, Value> item = Map.of("s", sets.get1());
        Map<String, Value> added = apply("ADD #s :v", item, sets.get2());
        Map<String, Value> deleted = apply("DELETE #s :v", item, sets.get2());
        Set<Value> a = elements(sets.get1());
        Set<Value> b = elements(sets.get2());
        Set<Value> union = new LinkedHashSet<>(a);
        union.addAll(b);
        Set<Value> difference = new LinkedHashSet<>(a);
        difference.removeAll(b);
        assertThat(elements(added.get("s"))).isEqualTo(union);
        if (difference.isEmpty()) {
            assertThat(deleted).doesNotContainKey("s");
        } else {
            assertThat(elements(deleted.get("s"))).isEqualTo(difference);
        }
    }

    /** Within 38 digits, {@code x + b - b} is {@code x} again, and {@code x + b} is the exact sum (SET and ADD alike). */
    @Property(tries = 300)
    void addingThenSubtractingRestoresTheNumber(@ForAll("within38Digits") Tuple.Tuple2<BigDecimal, BigDecimal> ab) {
        BigDecimal a = ab.get1();
        BigDecimal b = ab.get2();
        Map<String, Value> item = Map.of("x", new Value.N(a));
        Map<String, Value> plus = apply("SET #x = #x + :v", item, new Value.N(b));
        assertThat(number(plus)).isEqualByComparingTo(a.add(b));
        Map<String, Value> back = apply("SET #x = #x - :v", plus, new Value.N(b));
        assertThat(number(back)).isEqualByComparingTo(a);
        Map<String, Value> added = apply("ADD #x :v", item, new Value.N(b));
        assertThat(number(added)).isEqualByComparingTo(a.add(b));
        assertThat(number(apply("ADD #x :v", added, new Value.N(b.negate())))).isEqualByComparingTo(a);
    }

    /** A sum beyond 9.99…E+125 in magnitude is a ValidationException, by SET or ADD, positive or negative. */
    @Property(tries = 200)
    void overflowIsRefused(@ForAll("nearMax") BigDecimal a, @ForAll("nearMax") BigDecimal b, @ForAll boolean negative) {
        Assume.that(a.add(b).compareTo(MAX) > 0);
        BigDecimal x = negative ? a.negate() : a;
        BigDecimal y = negative ? b.negate() : b;
        Map<String, Value> item = Map.of("x", new Value.N(x));
        assertThatThrownBy(() -> apply("SET #x = #x + :v", item, new Value.N(y)))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                    assertThat(e.type()).isEqualTo("ValidationException");
                    assertThat(e.getMessage()).isEqualTo(OVERFLOW);
                });
        assertThatThrownBy(() -> apply("SET #x = #x - :v", item, new Value.N(y.negate())))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.getMessage()).isEqualTo(OVERFLOW));
        assertThatThrownBy(() -> apply("ADD #x :v", item, new Value.N(y)))
                .isInstanceOfSatisfying(DynamoDbException.class, e -> assertThat(e.getMessage()).isEqualTo(OVERFLOW));
    }

    /** Reaching 9.99…E+125 exactly is allowed; one unit of the 38th digit more is not. */
    @Property(tries = 100)
    void theLargestNumberIsReachableAndNoMore(@ForAll @IntRange(min = 1, max = 9) int k, @ForAll @IntRange(min = 88, max = 125) int e) {
        BigDecimal b = BigDecimal.valueOf(k).scaleByPowerOfTen(e);
        BigDecimal a = MAX.subtract(b);
        Assume.that(a.signum() > 0);
        Map<String, Value> item = Map.of("x", new Value.N(a));
        assertThat(number(apply("SET #x = #x + :v", item, new Value.N(b)))).isEqualByComparingTo(MAX);
        BigDecimal more = b.add(BigDecimal.ONE.scaleByPowerOfTen(88));
        assertThatThrownBy(() -> apply("SET #x = #x + :v", item, new Value.N(more)))
                .isInstanceOfSatisfying(DynamoDbException.class, ex -> assertThat(ex.getMessage()).isEqualTo(OVERFLOW));
    }

    // ---- generators -------------------------------------------------------------------------

    /** Values of every type, numbers of at most 7 digits (so sums never need more than 38). */
    static Arbitrary<Value> values(int depth) {
        Arbitrary<Value> numbers = smallNumbers().map(Value.N::new);
        Arbitrary<Value> scalar = Arbitraries.frequencyOf(
                Tuple.of(3, numbers),
                Tuple.of(2, AttributeValues.strValues(2)),
                Tuple.of(1, AttributeValues.binValues(2)),
                Tuple.of(1, Arbitraries.of(Value.Bool.TRUE, Value.Null.INSTANCE)),
                Tuple.of(2, sets()));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<Value> inner = values(depth - 1);
        return Arbitraries.frequencyOf(Tuple.of(4, scalar),
                Tuple.of(2, inner.list().ofMaxSize(3).map(l -> (Value) new Value.L(l))),
                Tuple.of(1, Combinators.combine(Arbitraries.of("p", "q"), inner).as(Map::entry).list().ofMaxSize(2)
                        .map(es -> {
                            Map<String, Value> m = new LinkedHashMap<>();
                            es.forEach(en -> m.putIfAbsent(en.getKey(), en.getValue()));
                            return (Value) new Value.M(m);
                        })));
    }

    static Arbitrary<BigDecimal> smallNumbers() {
        return Combinators.combine(Arbitraries.integers().between(-99999, 99999), Arbitraries.integers().between(0, 2))
                .as((u, s) -> BigDecimal.valueOf(u, s));
    }

    static Arbitrary<Value> sets() {
        Arbitrary<String> s = Arbitraries.of("a", "b", "c", "\uD83D\uDE00");
        Arbitrary<BigDecimal> n = Arbitraries.integers().between(-3, 3).map(BigDecimal::valueOf);
        Arbitrary<Bytes> b = Arbitraries.of(Bytes.of(new byte[] {1}), Bytes.of(new byte[] {(byte) 0xFF}), Bytes.of(new byte[0]));
        return Arbitraries.oneOf(
                s.set().ofMinSize(1).ofMaxSize(3).map(x -> (Value) new Value.SS(x)),
                n.set().ofMinSize(1).ofMaxSize(3).map(x -> (Value) new Value.NS(x)),
                b.set().ofMinSize(1).ofMaxSize(3).map(x -> (Value) new Value.BS(x)));
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Value, Value>> setPairs() {
        return Arbitraries.of("SS", "NS", "BS").flatMap(type -> {
            Arbitrary<Value> ofType = sets().filter(v -> v.type().equals(type));
            return Combinators.combine(ofType, ofType).as(Tuple::of);
        });
    }

    @Provide
    Arbitrary<Tuple.Tuple2<BigDecimal, BigDecimal>> within38Digits() {
        // a: up to 20 digits at 10^s; b: up to 20 digits at 10^(s-k): the sum has at most 31 digits
        Arbitrary<BigInteger> unscaled = Arbitraries.bigIntegers().between(BigInteger.TEN.pow(20).negate(), BigInteger.TEN.pow(20));
        return Combinators.combine(unscaled, unscaled, Arbitraries.integers().between(-100, 100), Arbitraries.integers().between(0, 10))
                .as((x, y, s, k) -> Tuple.of(new BigDecimal(x, s), new BigDecimal(y, s + k)));
    }

    @Provide
    Arbitrary<BigDecimal> nearMax() {
        // 38-digit numbers from 1E+125 to 9.99…E+125
        return Combinators.combine(Arbitraries.integers().between(1, 9), Arbitraries.strings().numeric().ofLength(37))
                .as((lead, rest) -> new BigDecimal(new BigInteger(lead + rest), 37 - 125));
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Map<String, Value>> items = Combinators.combine(Arbitraries.of(NAMES), values(1)).as(Map::entry)
                .list().ofMaxSize(6).map(es -> {
                    Map<String, Value> m = new LinkedHashMap<>();
                    es.forEach(en -> m.putIfAbsent(en.getKey(), en.getValue()));
                    return m;
                });
        Arbitrary<List<String>> targets = Arbitraries.shuffle(NAMES).flatMap(names -> Arbitraries.integers().between(1, 4)
                .map(n -> names.subList(0, n)));
        Arbitrary<List<Action>> actions = targets.flatMap(ts -> {
            List<Arbitrary<Action>> each = new ArrayList<>();
            for (String t : ts) {
                each.add(action(t));
            }
            return Combinators.combine(each).as(l -> l);
        });
        Arbitrary<List<String>> order = Arbitraries.shuffle("SET", "REMOVE", "ADD", "DELETE");
        return Combinators.combine(items, actions, order).as(Case::new);
    }

    static Arbitrary<Action> action(String target) {
        Arbitrary<Operand> attr = Arbitraries.of(NAMES).map(Attr::new);
        Arbitrary<Operand> number = Arbitraries.frequencyOf(Tuple.of(2, attr),
                Tuple.of(3, smallNumbers().map(n -> (Operand) new Const(new Value.N(n)))));
        Arbitrary<Operand> list = Arbitraries.frequencyOf(Tuple.of(2, attr),
                Tuple.of(3, values(0).list().ofMaxSize(2).map(l -> (Operand) new Const(new Value.L(l)))));
        Arbitrary<Operand> anything = Arbitraries.frequencyOf(Tuple.of(1, attr), Tuple.of(3, values(1).map(Const::new)));
        return Arbitraries.frequencyOf(
                Tuple.of(3, anything.map(v -> new SetValue(target, v))),
                Tuple.of(3, Combinators.combine(number, Arbitraries.of(true, false), number)
                        .as((l, plus, r) -> new SetArith(target, l, plus, r))),
                Tuple.of(2, Combinators.combine(list, list).as((f, s) -> new SetAppend(target, f, s))),
                Tuple.of(2, Combinators.combine(Arbitraries.of(NAMES), anything).as((p, f) -> new SetIfNotExists(target, p, f))),
                Tuple.of(2, Arbitraries.just(new Remove(target))),
                Tuple.of(2, Arbitraries.oneOf(smallNumbers().map(Value.N::new), sets()).map(v -> new Add(target, v))),
                Tuple.of(2, sets().map(v -> new Delete(target, v))));
    }

    // ---- rendering and the engine -----------------------------------------------------------

    static String clause(Action a) {
        return a instanceof Remove ? "REMOVE" : a instanceof Add ? "ADD" : a instanceof Delete ? "DELETE" : "SET";
    }

    static String render(Case c, Map<String, String> names, Map<String, Value> values) {
        StringBuilder text = new StringBuilder();
        for (String section : c.clauseOrder()) {
            List<String> parts = new ArrayList<>();
            for (Action a : c.actions()) {
                if (clause(a).equals(section)) {
                    parts.add(action(a, names, values));
                }
            }
            if (!parts.isEmpty()) {
                text.append(text.length() == 0 ? "" : " ").append(section).append(" ").append(String.join(", ", parts));
            }
        }
        return text.toString();
    }

    private static String name(String n, Map<String, String> names) {
        String p = "#" + n;
        names.put(p, n);
        return p;
    }

    private static String operand(Operand o, Map<String, String> names, Map<String, Value> values) {
        if (o instanceof Attr a) {
            return name(a.name(), names);
        }
        String p = ":v" + values.size();
        values.put(p, ((Const) o).value());
        return p;
    }

    private static String action(Action a, Map<String, String> names, Map<String, Value> values) {
        String t = name(a.target(), names);
        if (a instanceof SetValue s) {
            return t + " = " + operand(s.value(), names, values);
        }
        if (a instanceof SetArith s) {
            return t + " = " + operand(s.left(), names, values) + (s.plus() ? " + " : " - ") + operand(s.right(), names, values);
        }
        if (a instanceof SetAppend s) {
            return t + " = list_append(" + operand(s.first(), names, values) + ", " + operand(s.second(), names, values) + ")";
        }
        if (a instanceof SetIfNotExists s) {
            return t + " = if_not_exists(" + name(s.path(), names) + ", " + operand(s.fallback(), names, values) + ")";
        }
        if (a instanceof Remove) {
            return t;
        }
        Value v = a instanceof Add add ? add.value() : ((Delete) a).value();
        return t + " " + operand(new Const(v), names, values);
    }

    static Outcome engine(Case c) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Value> values = new LinkedHashMap<>();
        String text = render(c, names, values);
        ExpressionContext context = new ExpressionContext(names, values);
        Update update = Expressions.update(text, context);
        context.checkAllUsed();
        try {
            return new Outcome(update.apply(c.item()), Set.of());
        } catch (DynamoDbException e) {
            assertThat(e.type()).isEqualTo("ValidationException");
            return new Outcome(null, Set.of(e.getMessage()));
        }
    }

    static Map<String, Value> apply(String text, Map<String, Value> item, Value v) {
        String name = text.substring(text.indexOf('#') + 1, text.indexOf('#') + 2);
        ExpressionContext context = new ExpressionContext(Map.of("#" + name, name), Map.of(":v", v));
        Update update = Expressions.update(text, context);
        context.checkAllUsed();
        return update.apply(item);
    }

    private static BigDecimal number(Map<String, Value> item) {
        return ((Value.N) item.get("x")).value();
    }

    private static Set<Value> elements(Value set) {
        return new LinkedHashSet<>(AttributeValues.leaves(set).subList(1, AttributeValues.leaves(set).size()));
    }

    // ---- the reference model ----------------------------------------------------------------

    static Outcome reference(Map<String, Value> item, List<Action> actions) {
        Map<String, Value> result = new LinkedHashMap<>(item);
        Set<String> errors = new LinkedHashSet<>();
        for (Action a : actions) {
            try {
                if (a instanceof Remove) {
                    result.remove(a.target());
                } else if (a instanceof Add add) {
                    result.put(a.target(), add(item.get(a.target()), add.value()));
                } else if (a instanceof Delete d) {
                    Value existing = item.get(a.target());
                    if (existing != null) {
                        Value rest = difference(existing, d.value());
                        if (rest == null) {
                            result.remove(a.target());
                        } else {
                            result.put(a.target(), rest);
                        }
                    }
                } else {
                    result.put(a.target(), setValue(a, item));
                }
            } catch (RefusedException e) {
                errors.add(e.getMessage());
            }
        }
        return new Outcome(errors.isEmpty() ? result : null, errors);
    }

    static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    private static Value operand(Operand o, Map<String, Value> item) {
        if (o instanceof Const c) {
            return c.value();
        }
        Value v = item.get(((Attr) o).name());
        if (v == null) {
            throw new RefusedException(MISSING);
        }
        return v;
    }

    private static Value setValue(Action a, Map<String, Value> item) {
        if (a instanceof SetValue s) {
            return operand(s.value(), item);
        }
        if (a instanceof SetArith s) {
            Value l = operand(s.left(), item);
            Value r = operand(s.right(), item);
            if (!(l instanceof Value.N x) || !(r instanceof Value.N y)) {
                throw new RefusedException(WRONG_TYPE);
            }
            return number(s.plus() ? x.value().add(y.value()) : x.value().subtract(y.value()));
        }
        if (a instanceof SetAppend s) {
            Value f = operand(s.first(), item);
            Value g = operand(s.second(), item);
            if (!(f instanceof Value.L x) || !(g instanceof Value.L y)) {
                throw new RefusedException(WRONG_TYPE);
            }
            List<Value> all = new ArrayList<>(x.values());
            all.addAll(y.values());
            return new Value.L(all);
        }
        SetIfNotExists s = (SetIfNotExists) a;
        Value existing = item.get(s.path());
        return existing != null ? existing : operand(s.fallback(), item);
    }

    private static Value number(BigDecimal exact) {
        if (exact.abs().compareTo(MAX) > 0) {
            throw new RefusedException(OVERFLOW);
        }
        return new Value.N(exact);
    }

    private static Value add(Value existing, Value v) {
        if (existing == null) {
            return v;
        }
        if (existing instanceof Value.N x && v instanceof Value.N y) {
            return number(x.value().add(y.value()));
        }
        if (isSet(existing) && existing.type().equals(v.type())) {
            Set<Value> all = new LinkedHashSet<>(elements(existing));
            all.addAll(elements(v));
            return toSet(existing.type(), all);
        }
        throw new RefusedException(WRONG_TYPE);
    }

    private static Value difference(Value existing, Value v) {
        if (!isSet(existing) || !existing.type().equals(v.type())) {
            throw new RefusedException(WRONG_TYPE);
        }
        Set<Value> rest = new LinkedHashSet<>(elements(existing));
        rest.removeAll(elements(v));
        return rest.isEmpty() ? null : toSet(existing.type(), rest);
    }

    private static boolean isSet(Value v) {
        return v instanceof Value.SS || v instanceof Value.NS || v instanceof Value.BS;
    }

    private static Value toSet(String type, Set<Value> elements) {
        List<Value> list = new ArrayList<>(elements);
        return switch (type) {
            case "SS" -> new Value.SS(new LinkedHashSet<>(list.stream().map(e -> ((Value.S) e).value()).toList()));
            case "NS" -> new Value.NS(new LinkedHashSet<>(list.stream().map(e -> ((Value.N) e).value()).toList()));
            case "BS" -> new Value.BS(new LinkedHashSet<>(list.stream().map(e -> ((Value.B) e).value()).toList()));
            default -> throw new IllegalArgumentException(type);
        };
    }
}
