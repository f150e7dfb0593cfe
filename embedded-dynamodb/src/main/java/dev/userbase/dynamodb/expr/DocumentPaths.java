package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import dev.userbase.dynamodb.model.Numbers;
import dev.userbase.dynamodb.model.Value;

/** Reading, writing and removing values at document paths; values are immutable, so writes copy. */
final class DocumentPaths {

    private DocumentPaths() {
    }

    /** The value at {@code path}, or null when the path names nothing in {@code item}. */
    static Value get(Map<String, Value> item, Path path) {
        List<Object> elements = path.elements();
        Value v = item.get((String) elements.get(0));
        for (int i = 1; i < elements.size() && v != null; i++) {
            v = child(v, elements.get(i));
        }
        return v;
    }

    /** The element {@code key} (a map key or a list index) of {@code container}, or null. */
    static Value child(Value container, Object key) {
        if (key instanceof String name) {
            return container instanceof Value.M m ? m.values().get(name) : null;
        }
        int index = (Integer) key;
        if (container instanceof Value.L l && index < l.values().size()) {
            return l.values().get(index);
        }
        return null;
    }

    /** DynamoDB's rendering of a path in messages: {@code [a, b, [1]]}. */
    static String format(Path path) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        for (Object e : path.elements()) {
            j.add(e instanceof Integer ? "[" + e + "]" : (String) e);
        }
        return j.toString();
    }

    /** A scalar's text as DynamoDB prints it in messages. */
    static String render(Value v) {
        if (v instanceof Value.S s) {
            return s.value();
        }
        if (v instanceof Value.N n) {
            return Numbers.format(n.value());
        }
        if (v instanceof Value.B b) {
            return b.value().base64();
        }
        return String.valueOf(v);
    }

    /**
     * Whether the container that {@code path} writes into exists and has the right type: a map for
     * a name, a list for an index. A top-level path always has one (the item).
     */
    static boolean parentExists(Map<String, Value> item, Path path) {
        List<Object> elements = path.elements();
        if (elements.size() == 1) {
            return true;
        }
        Value parent = get(item, new Path(elements.subList(0, elements.size() - 1)));
        Object last = elements.get(elements.size() - 1);
        return last instanceof String ? parent instanceof Value.M : parent instanceof Value.L;
    }

    /**
     * {@code item} with {@code value} at {@code path}. A list index at or past the end of the list
     * appends to it, as DynamoDB does.
     *
     * @throws dev.userbase.dynamodb.DynamoDbException when the path's container is missing or of
     *         another type
     */
    static Map<String, Value> set(Map<String, Value> item, Path path, Value value) {
        List<Object> elements = path.elements();
        String top = (String) elements.get(0);
        Map<String, Value> out = new LinkedHashMap<>(item);
        if (elements.size() == 1) {
            out.put(top, value);
            return out;
        }
        Value current = item.get(top);
        if (current == null) {
            throw Errors.invalidUpdatePath();
        }
        out.put(top, setIn(current, elements, 1, value));
        return out;
    }

    private static Value setIn(Value container, List<Object> elements, int i, Value value) {
        Object key = elements.get(i);
        boolean last = i == elements.size() - 1;
        if (key instanceof String name) {
            if (!(container instanceof Value.M m)) {
                throw Errors.invalidUpdatePath();
            }
            Map<String, Value> copy = new LinkedHashMap<>(m.values());
            if (last) {
                copy.put(name, value);
            } else {
                Value next = m.values().get(name);
                if (next == null) {
                    throw Errors.invalidUpdatePath();
                }
                copy.put(name, setIn(next, elements, i + 1, value));
            }
            return new Value.M(copy);
        }
        int index = (Integer) key;
        if (!(container instanceof Value.L l)) {
            throw Errors.invalidUpdatePath();
        }
        List<Value> copy = new ArrayList<>(l.values());
        if (last) {
            if (index < copy.size()) {
                copy.set(index, value);
            } else {
                copy.add(value);
            }
        } else {
            if (index >= copy.size()) {
                throw Errors.invalidUpdatePath();
            }
            copy.set(index, setIn(copy.get(index), elements, i + 1, value));
        }
        return new Value.L(copy);
    }

    /**
     * {@code item} without the values at {@code paths} (which do not overlap). List indexes refer to
     * the list as it is before any of them is removed, so {@code REMOVE l[0], l[1]} removes the
     * first two elements; the rest shift down. Paths that name nothing are ignored.
     */
    static Map<String, Value> removeAll(Map<String, Value> item, List<Path> paths) {
        Trie trie = new Trie();
        for (Path p : paths) {
            trie.add(p.elements());
        }
        Map<String, Value> out = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : item.entrySet()) {
            Trie t = trie.children.get(e.getKey());
            if (t == null) {
                out.put(e.getKey(), e.getValue());
            } else if (!t.leaf) {
                out.put(e.getKey(), removeIn(e.getValue(), t));
            }
        }
        return out;
    }

    private static Value removeIn(Value v, Trie trie) {
        if (v instanceof Value.M m) {
            Map<String, Value> out = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : m.values().entrySet()) {
                Trie t = trie.children.get(e.getKey());
                if (t == null) {
                    out.put(e.getKey(), e.getValue());
                } else if (!t.leaf) {
                    out.put(e.getKey(), removeIn(e.getValue(), t));
                }
            }
            return new Value.M(out);
        }
        if (v instanceof Value.L l) {
            List<Value> out = new ArrayList<>();
            for (int i = 0; i < l.values().size(); i++) {
                Trie t = trie.children.get(i);
                if (t == null) {
                    out.add(l.values().get(i));
                } else if (!t.leaf) {
                    out.add(removeIn(l.values().get(i), t));
                }
            }
            return new Value.L(out);
        }
        return v;
    }

    /** A set of paths as a tree: keys are names and indexes; a leaf ends a path. */
    static final class Trie {
        final Map<Object, Trie> children = new LinkedHashMap<>();
        boolean leaf;

        void add(List<Object> elements) {
            Trie t = this;
            for (Object e : elements) {
                if (t.leaf) {
                    return;
                }
                t = t.children.computeIfAbsent(e, k -> new Trie());
            }
            t.leaf = true;
            t.children.clear();
        }
    }
}
