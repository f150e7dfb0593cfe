package dev.userbase.core.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reading and writing DynamoDB attribute values for the item types. */
public final class Attributes {

    private Attributes() {
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    /** A string set; DynamoDB has no empty sets, so callers omit the attribute for an empty collection. */
    public static AttributeValue ss(Collection<String> values) {
        return AttributeValue.fromSs(List.copyOf(new TreeSet<>(values)));
    }

    public static AttributeValue strings(Collection<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    public static AttributeValue time(Instant instant) {
        return AttributeValue.fromS(Timestamps.format(instant));
    }

    /** TTL attributes are epoch seconds. */
    public static AttributeValue epochSeconds(Instant instant) {
        return n(instant.getEpochSecond());
    }

    public static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    public static void putIfPresent(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, time(value));
        }
    }

    public static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    public static String requiredString(Map<String, AttributeValue> item, String name) {
        String value = string(item, name);
        if (value == null) {
            throw new MalformedItemException("missing string attribute " + name);
        }
        return value;
    }

    /** The constant of {@code type} the string attribute names; a missing or unknown one: a malformed item. */
    public static <E extends Enum<E>> E requiredEnum(Map<String, AttributeValue> item, String name, Class<E> type) {
        String value = requiredString(item, name);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new MalformedItemException("unknown " + name + " " + value);
        }
    }

    public static long number(Map<String, AttributeValue> item, String name, long defaultValue) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.n());
        } catch (NumberFormatException e) {
            throw new MalformedItemException("attribute " + name + " is not an integer");
        }
    }

    public static Optional<Long> optionalNumber(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            return Optional.empty();
        }
        return Optional.of(number(item, name, 0));
    }

    public static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = string(item, name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (RuntimeException e) {
            throw new MalformedItemException("attribute " + name + " is not an ISO-8601 instant");
        }
    }

    public static Instant fromEpochSeconds(Map<String, AttributeValue> item, String name) {
        return optionalNumber(item, name).map(Instant::ofEpochSecond).orElse(null);
    }

    public static Set<String> stringSet(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return Set.of();
        }
        if (value.hasSs()) {
            return Set.copyOf(value.ss());
        }
        if (value.hasL()) {
            return Set.copyOf(value.l().stream().map(AttributeValue::s).toList());
        }
        return Set.of();
    }

    public static List<String> stringList(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasL()) {
            return List.of();
        }
        return value.l().stream().map(AttributeValue::s).toList();
    }
}
