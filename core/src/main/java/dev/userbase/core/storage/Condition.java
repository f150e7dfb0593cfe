package dev.userbase.core.storage;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.userbase.core.model.Attributes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A DynamoDB condition (a write's {@code ConditionExpression} or a read's {@code FilterExpression}),
 * built from attribute names and values, never from expression text: the only place in the code
 * where such text is written. Immutable; compose with {@link #and}, {@link #or} and {@link #not}.
 */
public final class Condition {

    private final Function<Placeholders, String> renderer;
    private final String description;

    private Condition(Function<Placeholders, String> renderer, String description) {
        this.renderer = renderer;
        this.description = description;
    }

    /** The item exists (its partition key, or any attribute, is present). */
    public static Condition exists(String attribute) {
        return new Condition(p -> "attribute_exists(" + p.path(attribute) + ")", "exists(" + attribute + ")");
    }

    public static Condition notExists(String attribute) {
        return new Condition(p -> "attribute_not_exists(" + p.path(attribute) + ")", "notExists(" + attribute + ")");
    }

    public static Condition eq(String attribute, AttributeValue value) {
        return compare(attribute, "=", value);
    }

    public static Condition eq(String attribute, String value) {
        return eq(attribute, Attributes.s(value));
    }

    public static Condition eq(String attribute, long value) {
        return eq(attribute, Attributes.n(value));
    }

    public static Condition eq(String attribute, Enum<?> value) {
        return eq(attribute, value.name());
    }

    public static Condition ne(String attribute, AttributeValue value) {
        return compare(attribute, "<>", value);
    }

    public static Condition lt(String attribute, AttributeValue value) {
        return compare(attribute, "<", value);
    }

    public static Condition le(String attribute, AttributeValue value) {
        return compare(attribute, "<=", value);
    }

    public static Condition gt(String attribute, AttributeValue value) {
        return compare(attribute, ">", value);
    }

    public static Condition ge(String attribute, AttributeValue value) {
        return compare(attribute, ">=", value);
    }

    /** An epoch-seconds attribute (a TTL) at or before {@code instant}. */
    public static Condition atOrBefore(String attribute, Instant instant) {
        return le(attribute, Attributes.epochSeconds(instant));
    }

    /** An epoch-seconds attribute (a TTL) after {@code instant}. */
    public static Condition after(String attribute, Instant instant) {
        return gt(attribute, Attributes.epochSeconds(instant));
    }

    public static Condition between(String attribute, AttributeValue low, AttributeValue high) {
        return new Condition(p -> p.path(attribute) + " BETWEEN " + p.value(low) + " AND " + p.value(high),
                attribute + " between " + low + " and " + high);
    }

    public static Condition beginsWith(String attribute, String prefix) {
        AttributeValue value = Attributes.s(prefix);
        return new Condition(p -> "begins_with(" + p.path(attribute) + ", " + p.value(value) + ")",
                attribute + " beginsWith " + prefix);
    }

    /** A string attribute contains a substring, or a set or list attribute contains an element. */
    public static Condition contains(String attribute, AttributeValue element) {
        return new Condition(p -> "contains(" + p.path(attribute) + ", " + p.value(element) + ")",
                attribute + " contains " + element);
    }

    public static Condition in(String attribute, Collection<AttributeValue> values) {
        if (values.isEmpty() || values.size() > 100) {
            throw new IllegalArgumentException("IN takes 1 to 100 values");
        }
        List<AttributeValue> list = List.copyOf(values);
        return new Condition(p -> p.path(attribute) + " IN ("
                + list.stream().map(p::value).collect(Collectors.joining(", ")) + ")",
                attribute + " in " + list);
    }

    /** The attribute is absent or equal to {@code value} (a counter that may never have been written). */
    public static Condition absentOrEq(String attribute, AttributeValue value) {
        return notExists(attribute).or(eq(attribute, value));
    }

    public static Condition and(Condition... conditions) {
        return join("AND", Arrays.asList(conditions));
    }

    public static Condition or(Condition... conditions) {
        return join("OR", Arrays.asList(conditions));
    }

    public static Condition allOf(Collection<Condition> conditions) {
        return join("AND", List.copyOf(conditions));
    }

    public static Condition anyOf(Collection<Condition> conditions) {
        return join("OR", List.copyOf(conditions));
    }

    public static Condition not(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        return new Condition(p -> "NOT (" + condition.renderer.apply(p) + ")", "not " + condition.description);
    }

    public Condition and(Condition other) {
        return and(this, other);
    }

    public Condition or(Condition other) {
        return or(this, other);
    }

    String render(Placeholders placeholders) {
        return renderer.apply(placeholders);
    }

    @Override
    public String toString() {
        return description;
    }

    private static Condition compare(String attribute, String operator, AttributeValue value) {
        Objects.requireNonNull(value, "value");
        return new Condition(p -> p.path(attribute) + " " + operator + " " + p.value(value),
                attribute + " " + operator + " " + value);
    }

    private static Condition join(String operator, List<Condition> conditions) {
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException(operator + " of no conditions");
        }
        conditions.forEach(c -> Objects.requireNonNull(c, "condition"));
        if (conditions.size() == 1) {
            return conditions.get(0);
        }
        return new Condition(
                p -> conditions.stream().map(c -> "(" + c.renderer.apply(p) + ")")
                        .collect(Collectors.joining(" " + operator + " ")),
                conditions.stream().map(c -> "(" + c.description + ")")
                        .collect(Collectors.joining(" " + operator + " ")));
    }
}
