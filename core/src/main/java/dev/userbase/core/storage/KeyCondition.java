package dev.userbase.core.storage;

import java.util.function.Function;

import dev.userbase.core.model.Attributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A query's key condition: the partition key equal to a value, and optionally one condition on the
 * sort key (the only shapes DynamoDB accepts).
 */
public final class KeyCondition {

    private final String partitionAttribute;
    private final AttributeValue partitionValue;
    private final Function<Placeholders, String> sort;

    private KeyCondition(String partitionAttribute, AttributeValue partitionValue, Function<Placeholders, String> sort) {
        this.partitionAttribute = partitionAttribute;
        this.partitionValue = partitionValue;
        this.sort = sort;
    }

    public static KeyCondition partition(String attribute, String value) {
        return new KeyCondition(attribute, Attributes.s(value), null);
    }

    public static KeyCondition partition(String attribute, AttributeValue value) {
        return new KeyCondition(attribute, value, null);
    }

    public KeyCondition sortBeginsWith(String attribute, String prefix) {
        return withSort(p -> "begins_with(" + p.path(attribute) + ", " + p.value(Attributes.s(prefix)) + ")");
    }

    public KeyCondition sortBetween(String attribute, AttributeValue low, AttributeValue high) {
        return withSort(p -> p.path(attribute) + " BETWEEN " + p.value(low) + " AND " + p.value(high));
    }

    public KeyCondition sortEq(String attribute, AttributeValue value) {
        return sortCompare(attribute, "=", value);
    }

    public KeyCondition sortLt(String attribute, AttributeValue value) {
        return sortCompare(attribute, "<", value);
    }

    public KeyCondition sortLe(String attribute, AttributeValue value) {
        return sortCompare(attribute, "<=", value);
    }

    public KeyCondition sortGt(String attribute, AttributeValue value) {
        return sortCompare(attribute, ">", value);
    }

    public KeyCondition sortGe(String attribute, AttributeValue value) {
        return sortCompare(attribute, ">=", value);
    }

    String render(Placeholders placeholders) {
        String partition = placeholders.path(partitionAttribute) + " = " + placeholders.value(partitionValue);
        return sort == null ? partition : partition + " AND " + sort.apply(placeholders);
    }

    private KeyCondition sortCompare(String attribute, String operator, AttributeValue value) {
        return withSort(p -> p.path(attribute) + " " + operator + " " + p.value(value));
    }

    private KeyCondition withSort(Function<Placeholders, String> condition) {
        if (sort != null) {
            throw new IllegalStateException("a key condition has one sort-key condition at most");
        }
        return new KeyCondition(partitionAttribute, partitionValue, condition);
    }
}
