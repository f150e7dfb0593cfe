package dev.userbase.dynamodb.expr;

import java.util.List;
import java.util.Map;

import dev.userbase.dynamodb.model.Value;

/**
 * The tree an expression means once names and values are resolved and DynamoDB's checks passed:
 * what the evaluator runs. The legacy request shapes (Expected, QueryFilter, AttributeUpdates, ...)
 * are converted to the same tree.
 */
final class Ast {

    private Ast() {
    }

    /** The functions of all expression kinds, with the number of operands each takes. */
    enum Function {
        ATTRIBUTE_EXISTS("attribute_exists", 1, true),
        ATTRIBUTE_NOT_EXISTS("attribute_not_exists", 1, true),
        ATTRIBUTE_TYPE("attribute_type", 2, true),
        BEGINS_WITH("begins_with", 2, true),
        CONTAINS("contains", 2, true),
        SIZE("size", 1, true),
        IF_NOT_EXISTS("if_not_exists", 2, false),
        LIST_APPEND("list_append", 2, false);

        final String text;
        final int operands;
        /** Whether the function belongs to condition expressions (else to update expressions). */
        final boolean condition;

        Function(String text, int operands, boolean condition) {
            this.text = text;
            this.operands = operands;
            this.condition = condition;
        }

        /** The function named exactly {@code name} (function names are case sensitive), or null. */
        static Function named(String name, boolean inCondition) {
            for (Function f : values()) {
                if (f.text.equals(name) && f.condition == inCondition) {
                    return f;
                }
            }
            return null;
        }
    }

    enum Comparator {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String text;

        Comparator(String text) {
            this.text = text;
        }

        static Comparator of(String text) {
            for (Comparator c : values()) {
                if (c.text.equals(text)) {
                    return c;
                }
            }
            throw new IllegalArgumentException(text);
        }
    }

    /** Something that evaluates to a value of an item, or to nothing (a missing attribute). */
    sealed interface Operand {
    }

    record PathRef(Path path) implements Operand {
    }

    record Const(Value value) implements Operand {
    }

    /** {@code size(operand)}. */
    record Size(Operand operand) implements Operand {
    }

    /** {@code if_not_exists(path, fallback)}, in SET actions. */
    record IfNotExists(Path path, Operand fallback) implements Operand {
    }

    /** {@code list_append(first, second)}, in SET actions. */
    record ListAppend(Operand first, Operand second) implements Operand {
    }

    /** {@code left + right} or {@code left - right}, in SET actions. */
    record Arith(boolean plus, Operand left, Operand right) implements Operand {
    }

    /** A condition: true or false of an item. */
    sealed interface Cond extends Condition {
        @Override
        default boolean test(Map<String, Value> item) {
            return Evaluator.test(this, item);
        }
    }

    record Compare(Comparator comparator, Operand left, Operand right) implements Cond {
    }

    record Between(Operand value, Operand lower, Operand upper) implements Cond {
    }

    record In(Operand value, List<Operand> list) implements Cond {
        In {
            list = List.copyOf(list);
        }
    }

    /** A function used as a condition: attribute_exists, attribute_not_exists, attribute_type, begins_with, contains. */
    record Call(Function function, List<Operand> args) implements Cond {
        Call {
            args = List.copyOf(args);
        }
    }

    record And(Cond left, Cond right) implements Cond {
    }

    record Or(Cond left, Cond right) implements Cond {
    }

    record Not(Cond operand) implements Cond {
    }

    /** Always true: an empty legacy condition map. */
    record True() implements Cond {
    }
}
