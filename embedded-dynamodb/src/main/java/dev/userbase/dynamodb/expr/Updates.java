package dev.userbase.dynamodb.expr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.model.Numbers;
import dev.userbase.dynamodb.model.Value;

/**
 * A parsed update: its actions, applied as DynamoDB applies them. Every value a SET assigns is
 * evaluated against the item as it was before the update; then SET, REMOVE, ADD and DELETE take
 * effect (their paths never overlap, so the order among them does not matter).
 */
final class Updates implements Update {

    sealed interface Action permits SetAction, RemoveAction, AddAction, DeleteAction {
        Path path();
    }

    record SetAction(Path path, Ast.Operand value) implements Action {
    }

    record RemoveAction(Path path) implements Action {
    }

    record AddAction(Path path, Value value) implements Action {
    }

    record DeleteAction(Path path, Value value) implements Action {
    }

    private final List<Action> actions;

    Updates(List<Action> actions) {
        this.actions = List.copyOf(actions);
    }

    List<Action> actions() {
        return actions;
    }

    @Override
    public List<Path> paths() {
        List<Path> paths = new ArrayList<>();
        for (Action a : actions) {
            paths.add(a.path());
        }
        return paths;
    }

    @Override
    public Map<String, Value> apply(Map<String, Value> item) {
        List<Value> assigned = new ArrayList<>();
        for (Action a : actions) {
            if (a instanceof SetAction s) {
                assigned.add(required(s.value(), item));
            }
        }
        Map<String, Value> result = new LinkedHashMap<>(item);
        int next = 0;
        for (Action a : actions) {
            if (a instanceof SetAction s) {
                set(result, s.path(), assigned.get(next++));
            }
        }
        List<RemoveAction> removes = new ArrayList<>();
        for (Action a : actions) {
            if (a instanceof RemoveAction r) {
                removes.add(r);
            }
        }
        // list elements of one list go from the highest index down, so each index means what it meant before
        removes.sort(Comparator.comparing(RemoveAction::path, Updates::compareForRemoval));
        for (RemoveAction r : removes) {
            remove(result, r.path());
        }
        for (Action a : actions) {
            if (a instanceof AddAction add) {
                Value existing = Documents.get(result, add.path());
                Value updated;
                if (existing == null) {
                    updated = add.value();
                } else if (existing instanceof Value.N n && add.value() instanceof Value.N v) {
                    updated = new Value.N(Numbers.add(n.value(), v.value()));
                } else {
                    updated = Ast.union(existing, add.value());
                }
                set(result, add.path(), updated);
            } else if (a instanceof DeleteAction delete) {
                Value existing = Documents.get(result, delete.path());
                if (existing == null) {
                    continue;
                }
                Value remaining = Ast.difference(existing, delete.value());
                if (remaining == null) {
                    remove(result, delete.path());
                } else {
                    set(result, delete.path(), remaining);
                }
            }
        }
        return result;
    }

    private static int compareForRemoval(Path a, Path b) {
        int n = Math.min(a.elements().size(), b.elements().size());
        for (int i = 0; i < n; i++) {
            Object x = a.elements().get(i);
            Object y = b.elements().get(i);
            if (x.equals(y)) {
                continue;
            }
            if (x instanceof Integer xi && y instanceof Integer yi) {
                return Integer.compare(yi, xi);
            }
            return x.toString().compareTo(y.toString());
        }
        return Integer.compare(b.elements().size(), a.elements().size());
    }

    static Value required(Ast.Operand operand, Map<String, Value> item) {
        Value v = operand.eval(item);
        if (v == null) {
            throw DynamoDbException.validation("The provided expression refers to an attribute that does not exist in the item");
        }
        return v;
    }

    static DynamoDbException incorrectType() {
        return DynamoDbException.validation("An operand in the update expression has an incorrect data type");
    }

    private static DynamoDbException invalidPath() {
        return DynamoDbException.validation("The document path provided in the update expression is invalid for update");
    }

    /** Sets {@code path} in {@code root} (a mutable top-level map); every parent must exist. */
    static void set(Map<String, Value> root, Path path, Value value) {
        List<Object> e = path.elements();
        String top = (String) e.get(0);
        if (e.size() == 1) {
            root.put(top, value);
            return;
        }
        Value child = root.get(top);
        if (child == null) {
            throw invalidPath();
        }
        root.put(top, setIn(child, e, 1, value));
    }

    private static Value setIn(Value container, List<Object> e, int i, Value value) {
        Object step = e.get(i);
        boolean last = i == e.size() - 1;
        if (step instanceof String name) {
            if (!(container instanceof Value.M m)) {
                throw invalidPath();
            }
            Map<String, Value> copy = new LinkedHashMap<>(m.values());
            if (last) {
                copy.put(name, value);
            } else {
                Value child = copy.get(name);
                if (child == null) {
                    throw invalidPath();
                }
                copy.put(name, setIn(child, e, i + 1, value));
            }
            return new Value.M(copy);
        }
        int index = (Integer) step;
        if (!(container instanceof Value.L l)) {
            throw invalidPath();
        }
        List<Value> copy = new ArrayList<>(l.values());
        if (last) {
            if (index < copy.size()) {
                copy.set(index, value);
            } else {
                copy.add(value); // beyond the end: appended, as DynamoDB does
            }
        } else {
            if (index >= copy.size()) {
                throw invalidPath();
            }
            copy.set(index, setIn(copy.get(index), e, i + 1, value));
        }
        return new Value.L(copy);
    }

    /** Removes {@code path} from {@code root}; a path that names nothing is left alone. */
    static void remove(Map<String, Value> root, Path path) {
        List<Object> e = path.elements();
        String top = (String) e.get(0);
        if (e.size() == 1) {
            root.remove(top);
            return;
        }
        Value child = root.get(top);
        if (child == null) {
            return;
        }
        root.put(top, removeIn(child, e, 1));
    }

    private static Value removeIn(Value container, List<Object> e, int i) {
        Object step = e.get(i);
        boolean last = i == e.size() - 1;
        if (step instanceof String name) {
            if (!(container instanceof Value.M m)) {
                throw invalidPath();
            }
            Map<String, Value> copy = new LinkedHashMap<>(m.values());
            if (last) {
                copy.remove(name);
            } else {
                Value child = copy.get(name);
                if (child == null) {
                    return container;
                }
                copy.put(name, removeIn(child, e, i + 1));
            }
            return new Value.M(copy);
        }
        int index = (Integer) step;
        if (!(container instanceof Value.L l)) {
            throw invalidPath();
        }
        if (index >= l.values().size()) {
            return container;
        }
        List<Value> copy = new ArrayList<>(l.values());
        if (last) {
            copy.remove(index);
        } else {
            copy.set(index, removeIn(copy.get(index), e, i + 1));
        }
        return new Value.L(copy);
    }
}
