package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.userbase.dynamodb.model.Value;

/**
 * Projections of an item onto document paths. The result keeps the nesting: a projected {@code a.b}
 * comes back as {@code {a: {b: …}}}, projected list elements as a list of just those elements, in
 * index order.
 */
public final class Projections {

    private Projections() {
    }

    /** A projection onto these paths (the paths an update wrote, for ReturnValues UPDATED_OLD and UPDATED_NEW). */
    public static Projection of(List<Path> paths) {
        return new PathProjection(paths);
    }

    private record PathProjection(List<Path> paths) implements Projection {

        PathProjection {
            paths = List.copyOf(paths);
        }

        @Override
        public Map<String, Value> apply(Map<String, Value> item) {
            Map<String, Object> root = new LinkedHashMap<>();
            for (Path path : paths) {
                Value v = Documents.get(item, path);
                if (v == null) {
                    continue;
                }
                merge(root, path, v);
            }
            Map<String, Value> out = new LinkedHashMap<>();
            root.forEach((k, node) -> out.put(k, build(node)));
            return out;
        }

        /** A map being built ({@code Map}) or a list being built ({@code ListNode}: elements by index). */
        private static final class ListNode {
            final TreeMap<Integer, Object> elements = new TreeMap<>();
        }

        @SuppressWarnings("unchecked")
        private static void merge(Map<String, Object> root, Path path, Value leaf) {
            List<Object> e = path.elements();
            Object container = root;
            for (int i = 0; i < e.size(); i++) {
                Object step = e.get(i);
                boolean last = i == e.size() - 1;
                Object existing;
                if (container instanceof ListNode list) {
                    int index = (Integer) step;
                    if (last) {
                        list.elements.put(index, leaf);
                        return;
                    }
                    existing = list.elements.get(index);
                    if (existing == null || existing instanceof Value) {
                        existing = e.get(i + 1) instanceof Integer ? new ListNode() : new LinkedHashMap<String, Object>();
                        list.elements.put(index, existing);
                    }
                } else {
                    Map<String, Object> m = (Map<String, Object>) container;
                    if (last) {
                        m.put((String) step, leaf);
                        return;
                    }
                    existing = m.get(step);
                    if (existing == null || existing instanceof Value) {
                        existing = e.get(i + 1) instanceof Integer ? new ListNode() : new LinkedHashMap<String, Object>();
                        m.put((String) step, existing);
                    }
                }
                container = existing;
            }
        }

        @SuppressWarnings("unchecked")
        private static Value build(Object node) {
            if (node instanceof Value v) {
                return v;
            }
            if (node instanceof ListNode list) {
                List<Value> values = new ArrayList<>();
                list.elements.values().forEach(n -> values.add(build(n)));
                return new Value.L(values);
            }
            Map<String, Value> values = new LinkedHashMap<>();
            ((Map<String, Object>) node).forEach((k, n) -> values.put(k, build(n)));
            return new Value.M(values);
        }
    }
}
