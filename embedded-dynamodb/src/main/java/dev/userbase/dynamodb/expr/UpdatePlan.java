package dev.userbase.dynamodb.expr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.model.Bytes;
import dev.userbase.dynamodb.model.Numbers;
import dev.userbase.dynamodb.model.Value;

/**
 * The actions of an update expression (or of a legacy AttributeUpdates map), and how they change
 * an item. Every value a SET action writes is computed from the item as it was before the update;
 * REMOVE actions come last and their list indexes refer to the lists as they were, so removing
 * {@code l[0], l[1]} removes the first two elements and the rest shift down.
 */
final class UpdatePlan implements Update {

    sealed interface Action {
        Path path();
    }

    record SetAction(Path path, Ast.Operand value) implements Action {
    }

    record RemoveAction(Path path) implements Action {
    }

    /** ADD: a number added to a number, or elements added to a set (in AttributeUpdates also to a list). */
    record AddAction(Path path, Value value) implements Action {
    }

    /** DELETE: elements removed from a set; a set left empty is removed. */
    record DeleteAction(Path path, Value value) implements Action {
    }

    private final List<Action> actions;
    private final List<Path> paths;
    /** AttributeUpdates answers type errors with its own message and can append to lists. */
    private final boolean legacy;

    UpdatePlan(List<Action> actions, boolean legacy) {
        this.actions = List.copyOf(actions);
        List<Path> p = new ArrayList<>();
        for (Action a : actions) {
            p.add(a.path());
        }
        this.paths = List.copyOf(p);
        this.legacy = legacy;
    }

    List<Action> actions() {
        return actions;
    }

    @Override
    public List<Path> paths() {
        return paths;
    }

    @Override
    public Map<String, Value> apply(Map<String, Value> item) {
        Map<String, Value> current = item;
        List<Path> removals = new ArrayList<>();
        for (Action action : actions) {
            Path path = action.path();
            if (action instanceof SetAction set) {
                current = DocumentPaths.set(current, path, evaluate(set.value(), item));
                continue;
            }
            if (!DocumentPaths.parentExists(current, path)) {
                throw Errors.invalidUpdatePath();
            }
            if (action instanceof RemoveAction) {
                removals.add(path);
            } else if (action instanceof AddAction add) {
                current = DocumentPaths.set(current, path, add(DocumentPaths.get(item, path), add.value()));
            } else if (action instanceof DeleteAction delete) {
                Value existing = DocumentPaths.get(item, path);
                if (existing != null) {
                    Value rest = delete(existing, delete.value());
                    if (rest == null) {
                        removals.add(path);
                    } else {
                        current = DocumentPaths.set(current, path, rest);
                    }
                }
            }
        }
        return removals.isEmpty() ? current : DocumentPaths.removeAll(current, removals);
    }

    private DynamoDbException typeError() {
        return legacy ? DynamoDbException.validation("Type mismatch for attribute to update") : Errors.wrongOperandType();
    }

    /** The value of a SET operand, computed from the item before the update. */
    static Value evaluate(Ast.Operand operand, Map<String, Value> item) {
        if (operand instanceof Ast.Const c) {
            return c.value();
        }
        if (operand instanceof Ast.PathRef p) {
            Value v = DocumentPaths.get(item, p.path());
            if (v == null) {
                throw Errors.missingAttribute();
            }
            return v;
        }
        if (operand instanceof Ast.IfNotExists f) {
            Value v = DocumentPaths.get(item, f.path());
            return v != null ? v : evaluate(f.fallback(), item);
        }
        if (operand instanceof Ast.ListAppend f) {
            Value first = evaluate(f.first(), item);
            Value second = evaluate(f.second(), item);
            if (!(first instanceof Value.L a) || !(second instanceof Value.L b)) {
                throw Errors.wrongOperandType();
            }
            List<Value> all = new ArrayList<>(a.values());
            all.addAll(b.values());
            return new Value.L(all);
        }
        if (operand instanceof Ast.Arith f) {
            Value left = evaluate(f.left(), item);
            Value right = evaluate(f.right(), item);
            if (!(left instanceof Value.N a) || !(right instanceof Value.N b)) {
                throw Errors.wrongOperandType();
            }
            BigDecimal r = f.plus() ? b.value() : b.value().negate();
            return new Value.N(Numbers.add(a.value(), r));
        }
        throw new IllegalStateException("not an update operand: " + operand);
    }

    private Value add(Value existing, Value value) {
        if (existing == null) {
            return value;
        }
        if (existing instanceof Value.N a && value instanceof Value.N b) {
            return new Value.N(Numbers.add(a.value(), b.value()));
        }
        if (existing instanceof Value.SS a && value instanceof Value.SS b) {
            return new Value.SS(union(a.values(), b.values()));
        }
        if (existing instanceof Value.NS a && value instanceof Value.NS b) {
            return new Value.NS(union(a.values(), b.values()));
        }
        if (existing instanceof Value.BS a && value instanceof Value.BS b) {
            return new Value.BS(union(a.values(), b.values()));
        }
        if (legacy && existing instanceof Value.L a && value instanceof Value.L b) {
            List<Value> all = new ArrayList<>(a.values());
            all.addAll(b.values());
            return new Value.L(all);
        }
        throw typeError();
    }

    /** The set without the given elements, or null when none is left. */
    private Value delete(Value existing, Value value) {
        if (existing instanceof Value.SS a && value instanceof Value.SS b) {
            Set<String> rest = difference(a.values(), b.values());
            return rest.isEmpty() ? null : new Value.SS(rest);
        }
        if (existing instanceof Value.NS a && value instanceof Value.NS b) {
            Set<BigDecimal> rest = difference(a.values(), b.values());
            return rest.isEmpty() ? null : new Value.NS(rest);
        }
        if (existing instanceof Value.BS a && value instanceof Value.BS b) {
            Set<Bytes> rest = difference(a.values(), b.values());
            return rest.isEmpty() ? null : new Value.BS(rest);
        }
        throw typeError();
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static <T> Set<T> difference(Set<T> a, Set<T> b) {
        Set<T> rest = new LinkedHashSet<>(a);
        rest.removeAll(b);
        return rest;
    }
}
