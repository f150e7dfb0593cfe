package dev.userbase.dynamodb.expr;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.model.Value;

/**
 * The {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues} of one request, shared
 * by all of its expressions. Records which of them an expression used, so that the request can be
 * refused, as DynamoDB refuses it, when one was supplied and never used.
 */
public final class ExpressionContext {

    private final Map<String, String> names;
    private final Map<String, Value> values;
    private final Set<String> usedNames = new TreeSet<>();
    private final Set<String> usedValues = new TreeSet<>();

    /** Either map may be null (not supplied). */
    public ExpressionContext(Map<String, String> names, Map<String, Value> values) {
        this.names = names;
        this.values = values;
    }

    public static ExpressionContext empty() {
        return new ExpressionContext(null, null);
    }

    public boolean hasNames() {
        return names != null;
    }

    public boolean hasValues() {
        return values != null;
    }

    /** The attribute name {@code #placeholder} stands for, or null when it is not defined. */
    public String name(String placeholder) {
        String name = names == null ? null : names.get(placeholder);
        if (name != null) {
            usedNames.add(placeholder);
        }
        return name;
    }

    /** The value {@code :placeholder} stands for, or null when it is not defined. */
    public Value value(String placeholder) {
        Value value = values == null ? null : values.get(placeholder);
        if (value != null) {
            usedValues.add(placeholder);
        }
        return value;
    }

    /**
     * Refuses names or values that no expression of the request used. Called once every expression
     * of the request was parsed.
     */
    public void checkAllUsed() {
        checkAllUsed(names, usedNames, "ExpressionAttributeNames");
        checkAllUsed(values, usedValues, "ExpressionAttributeValues");
    }

    private static void checkAllUsed(Map<String, ?> supplied, Set<String> used, String member) {
        if (supplied == null) {
            return;
        }
        Set<String> unused = new TreeSet<>(supplied.keySet());
        unused.removeAll(used);
        if (!unused.isEmpty()) {
            throw DynamoDbException.validation("Value provided in " + member + " unused in expressions: keys: {"
                    + String.join(", ", unused) + "}");
        }
    }
}
