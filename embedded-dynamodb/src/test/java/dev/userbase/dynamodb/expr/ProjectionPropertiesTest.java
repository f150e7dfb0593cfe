package dev.userbase.dynamodb.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import dev.userbase.dynamodb.ReferenceModel;
import dev.userbase.dynamodb.model.Value;

/**
 * Projection expressions keep what the Developer Guide's "Using projection expressions" says: each
 * path that names something, with its nesting (map keys under their map, the chosen list elements
 * as one list in index order); paths that name nothing add nothing.
 */
class ProjectionPropertiesTest {

    record Case(Map<String, Value> item, List<List<Object>> paths) {
    }

    @Property(tries = 500)
    void projectionKeepsWhatThePathsName(@ForAll("cases") Case c) {
        Map<String, String> names = new LinkedHashMap<>();
        List<String> texts = new ArrayList<>();
        for (List<Object> p : c.paths()) {
            StringBuilder b = new StringBuilder();
            for (Object e : p) {
                if (e instanceof Integer i) {
                    b.append('[').append(i).append(']');
                } else {
                    names.put("#" + e, (String) e);
                    b.append(b.length() == 0 ? "" : ".").append('#').append(e);
                }
            }
            texts.add(b.toString());
        }
        String text = String.join(", ", texts);
        ExpressionContext context = new ExpressionContext(names, null);
        Projection projection = Expressions.projection(text, context);
        context.checkAllUsed();
        Map<String, Value> expected = reference(c.item(), c.paths());
        Map<String, Value> actual = projection.apply(c.item());
        assertThat(ReferenceModel.sameMap(actual, expected)).as(text + " of " + c.item() + ": " + actual + " expected " + expected)
                .isTrue();
        Statistics.label("kept").collect(expected.isEmpty() ? "nothing" : "something");
        // about 59% keep something; the bound sits far enough below (8 standard deviations at 500 tries) for every seed
        Statistics.label("kept").coverage(cov -> cov.check("something").percentage(p -> p > 40));
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Map<String, Value>> items = Combinators.combine(NestedUpdatePropertiesTest.container(2),
                NestedUpdatePropertiesTest.container(2), NestedUpdatePropertiesTest.leaf()).as((m, l, s) -> {
                    Map<String, Value> item = new LinkedHashMap<>();
                    item.put("m", m);
                    item.put("l", l);
                    item.put("s", s);
                    return item;
                });
        Arbitrary<Object> element = Arbitraries.oneOf(Arbitraries.of(NestedUpdatePropertiesTest.KEYS).map(k -> (Object) k),
                Arbitraries.integers().between(0, 4).map(i -> (Object) i));
        Arbitrary<List<Object>> path = Combinators.combine(Arbitraries.of("m", "l", "s", "z"), element.list().ofMaxSize(2))
                .as((top, rest) -> {
                    List<Object> p = new ArrayList<>();
                    p.add(top);
                    p.addAll(rest);
                    return p;
                });
        return Combinators.combine(items, path.list().ofMinSize(1).ofMaxSize(4).filter(NestedUpdatePropertiesTest::disjoint))
                .as(Case::new);
    }

    // ---- the reference ----------------------------------------------------------------------

    static Map<String, Value> reference(Map<String, Value> item, List<List<Object>> paths) {
        Map<Object, Object> tree = new LinkedHashMap<>();
        for (List<Object> p : paths) {
            Value v = ReferenceModel.resolve(item, p);
            if (v == null) {
                continue;
            }
            Map<Object, Object> container = tree;
            for (int i = 0; i < p.size() - 1; i++) {
                Object next = p.get(i + 1);
                @SuppressWarnings("unchecked")
                Map<Object, Object> child = (Map<Object, Object>) container.computeIfAbsent(p.get(i),
                        k -> next instanceof Integer ? new TreeMap<Object, Object>() : new LinkedHashMap<Object, Object>());
                container = child;
            }
            container.put(p.get(p.size() - 1), v);
        }
        Map<String, Value> out = new LinkedHashMap<>();
        tree.forEach((k, v) -> out.put((String) k, toValue(v)));
        return out;
    }

    private static Value toValue(Object o) {
        if (o instanceof TreeMap<?, ?> list) {
            List<Value> out = new ArrayList<>();
            list.values().forEach(e -> out.add(toValue(e)));
            return new Value.L(out);
        }
        if (o instanceof Map<?, ?> map) {
            Map<String, Value> out = new LinkedHashMap<>();
            map.forEach((k, e) -> out.put((String) k, toValue(e)));
            return new Value.M(out);
        }
        return (Value) o;
    }
}
