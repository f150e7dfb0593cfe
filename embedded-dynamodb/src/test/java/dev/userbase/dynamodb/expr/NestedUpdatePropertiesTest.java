package dev.userbase.dynamodb.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.ReferenceModel;
import dev.userbase.dynamodb.model.Value;

/**
 * SET and REMOVE on nested document paths (map keys and list indexes) agree with a reference model
 * of the Developer Guide's "Using update expressions": SET into a map adds or replaces the key; SET
 * at a list index replaces the element, or appends when the index is past the end; REMOVE of a list
 * element shifts the rest down, several REMOVEs in one list refer to the indexes as they were; a
 * path that names nothing is ignored by REMOVE; a path whose container is missing or of another
 * type is refused ("The document path provided in the update expression is invalid for update").
 */
class NestedUpdatePropertiesTest {

    static final String INVALID = "The document path provided in the update expression is invalid for update";
    static final List<String> KEYS = List.of("p", "q", "x");

    record Action(boolean set, List<Object> path, Value value) {
    }

    record Case(Map<String, Value> item, List<Action> actions) {
    }

    @Property(tries = 600)
    void nestedSetAndRemoveAgreeWithTheReference(@ForAll("cases") Case c) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Value> values = new LinkedHashMap<>();
        String text = render(c.actions(), names, values);
        ExpressionContext context = new ExpressionContext(names, values);
        Update update = Expressions.update(text, context);
        context.checkAllUsed();
        Object expected = reference(c.item(), c.actions());
        Object actual;
        try {
            actual = update.apply(c.item());
        } catch (DynamoDbException e) {
            actual = e.getMessage();
        }
        if (expected instanceof String) {
            assertThat(actual).as(() -> text + " on " + c.item()).isEqualTo(expected);
        } else {
            assertThat(actual).as(() -> text + " on " + c.item()).isInstanceOf(Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Value> item = (Map<String, Value>) actual;
            assertThat(ReferenceModel.sameMap(item, toItem(expected)))
                    .as(() -> text + " on " + c.item() + ": " + item + " expected " + toItem(expected)).isTrue();
        }
        Statistics.label("outcome").collect(expected instanceof String ? "refused" : "applied");
        Statistics.label("outcome").coverage(cov -> cov.check("applied").percentage(p -> p > 20));
    }

    // ---- generators -------------------------------------------------------------------------

    static Arbitrary<Value> leaf() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 9).map(Value.N::of),
                Arbitraries.of("s", "t").map(Value.S::new));
    }

    static Arbitrary<Value> container(int depth) {
        Arbitrary<Value> inner = depth == 0 ? leaf() : Arbitraries.frequencyOf(Tuple.of(2, leaf()), Tuple.of(1, container(depth - 1)));
        Arbitrary<Value> map = Combinators.combine(Arbitraries.of(KEYS), inner).as(Map::entry).list().ofMaxSize(3).map(es -> {
            Map<String, Value> m = new LinkedHashMap<>();
            es.forEach(e -> m.putIfAbsent(e.getKey(), e.getValue()));
            return (Value) new Value.M(m);
        });
        Arbitrary<Value> list = inner.list().ofMaxSize(4).map(l -> (Value) new Value.L(l));
        return Arbitraries.oneOf(map, list);
    }

    @Provide
    Arbitrary<Case> cases() {
        // mostly a map m and a list l, whose elements are leaves, maps and lists
        Arbitrary<Value> inner = Arbitraries.frequencyOf(Tuple.of(2, leaf()), Tuple.of(2, container(1)));
        Arbitrary<Value> map = Combinators.combine(Arbitraries.of(KEYS), inner).as(Map::entry).list().ofMaxSize(3).map(es -> {
            Map<String, Value> m = new LinkedHashMap<>();
            es.forEach(e -> m.putIfAbsent(e.getKey(), e.getValue()));
            return (Value) new Value.M(m);
        });
        Arbitrary<Value> list = inner.list().ofMaxSize(4).map(l -> (Value) new Value.L(l));
        Arbitrary<Map<String, Value>> items = Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(6, map), Tuple.of(1, list), Tuple.of(1, leaf())),
                Arbitraries.frequencyOf(Tuple.of(6, list), Tuple.of(1, map), Tuple.of(1, leaf())), leaf(),
                Arbitraries.of(true, false)).as((m, l, s, withS) -> {
                    Map<String, Value> item = new LinkedHashMap<>();
                    item.put("m", m);
                    item.put("l", l);
                    if (withS) {
                        item.put("s", s);
                    }
                    return item;
                });
        Arbitrary<Object> name = Arbitraries.of(KEYS).map(k -> (Object) k);
        Arbitrary<Object> index = Arbitraries.integers().between(0, 5).map(i -> (Object) i);
        Arbitrary<Object> element = Arbitraries.oneOf(name, index);
        Arbitrary<List<Object>> paths = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("m")), Tuple.of(4, Arbitraries.just("l")),
                Tuple.of(1, Arbitraries.just("s")), Tuple.of(1, Arbitraries.just("z"))).flatMap(top -> {
                    Arbitrary<Object> first = Arbitraries.frequencyOf(Tuple.of(6, top.equals("l") ? index : name), Tuple.of(1, element));
                    Arbitrary<List<Object>> deeper = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.<Object>of())),
                            Tuple.of(1, element.map(e -> List.<Object>of(e))));
                    return Combinators.combine(first, deeper).as((f, rest) -> {
                        List<Object> p = new ArrayList<>();
                        p.add(top);
                        p.add(f);
                        p.addAll(rest);
                        return p;
                    });
                });
        Arbitrary<Action> action = Combinators.combine(Arbitraries.of(true, false), paths, leaf()).as(Action::new);
        return Combinators.combine(items, action.list().ofMinSize(1).ofMaxSize(2).filter(NestedUpdatePropertiesTest::accepted))
                .as(Case::new);
    }

    /** No two paths overlap (one a prefix of the other) or conflict (a name where the other has an index). */
    static boolean disjoint(List<List<Object>> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                List<Object> a = paths.get(i);
                List<Object> b = paths.get(j);
                int n = Math.min(a.size(), b.size());
                int k = 0;
                while (k < n && a.get(k).equals(b.get(k))) {
                    k++;
                }
                if (k == n || a.get(k).getClass() != b.get(k).getClass()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Actions DynamoDB takes, and whose meaning it documents: no two paths overlap or conflict, and
     * nothing else touches a list that a SET may append to.
     */
    static boolean accepted(List<Action> actions) {
        for (int i = 0; i < actions.size(); i++) {
            for (int j = 0; j < actions.size(); j++) {
                if (i == j) {
                    continue;
                }
                List<Object> a = actions.get(i).path();
                List<Object> b = actions.get(j).path();
                int n = Math.min(a.size(), b.size());
                int k = 0;
                while (k < n && a.get(k).equals(b.get(k))) {
                    k++;
                }
                if (k == n || a.get(k).getClass() != b.get(k).getClass()) {
                    return false; // overlap, or conflict
                }
                if (actions.get(i).set() && a.get(a.size() - 1) instanceof Integer && b.size() >= a.size()
                        && b.subList(0, a.size() - 1).equals(a.subList(0, a.size() - 1))) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---- rendering --------------------------------------------------------------------------

    static String render(List<Action> actions, Map<String, String> names, Map<String, Value> values) {
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        for (Action a : actions) {
            StringBuilder p = new StringBuilder();
            for (Object e : a.path()) {
                if (e instanceof Integer i) {
                    p.append('[').append(i).append(']');
                } else {
                    names.put("#" + e, (String) e);
                    p.append(p.length() == 0 ? "" : ".").append('#').append(e);
                }
            }
            if (a.set()) {
                String v = ":v" + values.size();
                values.put(v, a.value());
                sets.add(p + " = " + v);
            } else {
                removes.add(p.toString());
            }
        }
        String text = sets.isEmpty() ? "" : "SET " + String.join(", ", sets);
        if (!removes.isEmpty()) {
            text += (text.isEmpty() ? "" : " ") + "REMOVE " + String.join(", ", removes);
        }
        return text;
    }

    // ---- the reference model: mutable maps and lists ----------------------------------------

    /** The item after the update, as mutable maps and lists, or the error message. */
    static Object reference(Map<String, Value> item, List<Action> actions) {
        Map<String, Object> tree = new LinkedHashMap<>();
        item.forEach((k, v) -> tree.put(k, mutable(v)));
        boolean valid = eachTarget(tree, actions, true, (a, parent, last) -> {
            if (last instanceof String k) {
                map(parent).put(k, mutable(a.value()));
            } else {
                List<Object> list = list(parent);
                int i = (Integer) last;
                if (i < list.size()) {
                    list.set(i, mutable(a.value()));
                } else {
                    list.add(mutable(a.value()));
                }
            }
        });
        if (!valid) {
            return INVALID;
        }
        // REMOVE: every container found first, then list elements removed from the highest index down
        Map<Object, List<Integer>> fromLists = new IdentityHashMap<>();
        List<Runnable> fromMaps = new ArrayList<>();
        valid = eachTarget(tree, actions, false, (a, parent, last) -> {
            if (last instanceof String k) {
                fromMaps.add(() -> map(parent).remove(k));
            } else {
                fromLists.computeIfAbsent(parent, p -> new ArrayList<>()).add((Integer) last);
            }
        });
        if (!valid) {
            return INVALID;
        }
        fromMaps.forEach(Runnable::run);
        fromLists.forEach((l, indexes) -> {
            indexes.sort(Comparator.reverseOrder());
            for (int i : indexes) {
                if (i < list(l).size()) {
                    list(l).remove(i);
                }
            }
        });
        return tree;
    }

    /** What is done with an action's target: the container its path writes into and the path's last element. */
    private interface TargetAction {
        void apply(Action action, Object container, Object last);
    }

    /**
     * Hands each SET (or each REMOVE) action, in order, to {@code apply} with the map or list its path's
     * last element names a member of (the item for a top-level path); false at the first path that has
     * none (the path is invalid).
     */
    private static boolean eachTarget(Map<String, Object> tree, List<Action> actions, boolean sets, TargetAction apply) {
        for (Action a : actions) {
            if (a.set() != sets) {
                continue;
            }
            Object parent = parent(tree, a.path());
            Object last = a.path().get(a.path().size() - 1);
            if (!fits(parent, last)) {
                return false;
            }
            apply.apply(a, parent, last);
        }
        return true;
    }

    private static Object parent(Map<String, Object> tree, List<Object> path) {
        Object current = tree;
        for (Object e : path.subList(0, path.size() - 1)) {
            if (e instanceof String k && current instanceof Map<?, ?> m) {
                current = m.get(k);
            } else if (e instanceof Integer i && current instanceof List<?> l && i < l.size()) {
                current = l.get(i);
            } else {
                return null;
            }
        }
        return current;
    }

    private static boolean fits(Object parent, Object key) {
        return key instanceof String ? parent instanceof Map : parent instanceof List;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static Object mutable(Value v) {
        if (v instanceof Value.M m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.values().forEach((k, e) -> out.put(k, mutable(e)));
            return out;
        }
        if (v instanceof Value.L l) {
            List<Object> out = new ArrayList<>();
            l.values().forEach(e -> out.add(mutable(e)));
            return out;
        }
        return v;
    }

    private static Value immutable(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Value> out = new LinkedHashMap<>();
            m.forEach((k, e) -> out.put((String) k, immutable(e)));
            return new Value.M(out);
        }
        if (o instanceof List<?> l) {
            List<Value> out = new ArrayList<>();
            l.forEach(e -> out.add(immutable(e)));
            return new Value.L(out);
        }
        return (Value) o;
    }

    private static Map<String, Value> toItem(Object tree) {
        return ((Value.M) immutable(tree)).values();
    }
}
