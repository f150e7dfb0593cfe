package dev.userbase.dynamodb.expr;

import java.util.List;
import java.util.Map;

import dev.userbase.dynamodb.model.Value;

/** Reading a document path out of an item. */
final class Documents {

    private Documents() {
    }

    /** The value at {@code path}, or null when any step of it is missing or of the wrong kind. */
    static Value get(Map<String, Value> item, Path path) {
        List<Object> elements = path.elements();
        Value current = item.get((String) elements.get(0));
        for (int i = 1; i < elements.size() && current != null; i++) {
            Object e = elements.get(i);
            if (e instanceof String name) {
                current = current instanceof Value.M m ? m.values().get(name) : null;
            } else {
                int index = (Integer) e;
                current = current instanceof Value.L l && index < l.values().size() ? l.values().get(index) : null;
            }
        }
        return current;
    }

    /** DynamoDB's rendering of a path in messages: {@code [a, b, [0]]}. */
    static String render(Path path) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < path.elements().size(); i++) {
            Object e = path.elements().get(i);
            b.append(i == 0 ? "" : ", ").append(e instanceof Integer n ? "[" + n + "]" : e);
        }
        return b.append(']').toString();
    }

    /** DynamoDB's rendering of a value in messages: {@code {N:5}}, {@code {S:abc}}. */
    static String renderValue(Value v) {
        if (v instanceof Value.S s) {
            return "{S:" + s.value() + "}";
        }
        if (v instanceof Value.N n) {
            return "{N:" + n.text() + "}";
        }
        if (v instanceof Value.B b) {
            return "{B:" + b.value() + "}";
        }
        return "{" + v.type() + ":" + v + "}";
    }
}
