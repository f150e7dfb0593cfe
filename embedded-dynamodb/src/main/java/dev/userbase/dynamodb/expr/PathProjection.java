package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.userbase.dynamodb.model.Value;

/**
 * Keeps the parts of an item that a list of paths names, with their nesting: {@code a.b} gives
 * {@code {a: {M: {b: ...}}}}; list elements come out as a list of the chosen elements, in the
 * order of their indexes ({@code l[2], l[0]} gives {@code [l[0], l[2]]}). A path that names
 * nothing in the item adds nothing; a path inside another keeps the outer one whole.
 */
final class PathProjection implements Projection {

    private final List<Path> paths;
    private final DocumentPaths.Trie trie = new DocumentPaths.Trie();

    PathProjection(List<Path> paths) {
        this.paths = List.copyOf(paths);
        for (Path p : this.paths) {
            trie.add(p.elements());
        }
    }

    @Override
    public List<Path> paths() {
        return paths;
    }

    @Override
    public Map<String, Value> apply(Map<String, Value> item) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (Map.Entry<Object, DocumentPaths.Trie> e : trie.children.entrySet()) {
            String name = (String) e.getKey();
            Value v = item.get(name);
            Value kept = v == null ? null : project(v, e.getValue());
            if (kept != null) {
                out.put(name, kept);
            }
        }
        return out;
    }

    private static Value project(Value v, DocumentPaths.Trie t) {
        if (t.leaf) {
            return v;
        }
        if (v instanceof Value.M m) {
            Map<String, Value> out = new LinkedHashMap<>();
            for (Map.Entry<Object, DocumentPaths.Trie> e : t.children.entrySet()) {
                if (e.getKey() instanceof String key && m.values().containsKey(key)) {
                    Value kept = project(m.values().get(key), e.getValue());
                    if (kept != null) {
                        out.put(key, kept);
                    }
                }
            }
            return out.isEmpty() ? null : new Value.M(out);
        }
        if (v instanceof Value.L l) {
            List<Value> out = new ArrayList<>();
            for (int i = 0; i < l.values().size(); i++) {
                DocumentPaths.Trie child = t.children.get(i);
                if (child != null) {
                    Value kept = project(l.values().get(i), child);
                    if (kept != null) {
                        out.add(kept);
                    }
                }
            }
            return out.isEmpty() ? null : new Value.L(out);
        }
        return null;
    }
}
