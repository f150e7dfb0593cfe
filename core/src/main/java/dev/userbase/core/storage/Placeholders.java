package dev.userbase.core.storage;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The names and values of one request's expressions. Every attribute name becomes {@code #name}
 * (or {@code #n<i>} where the name is not a plain identifier) and every value {@code :v<i>}, so no
 * name or value ever becomes expression text; a value bound twice gets one placeholder.
 */
final class Placeholders {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, String> placeholderOfName = new HashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();
    private final Map<AttributeValue, String> placeholderOfValue = new HashMap<>();

    /** The placeholder path of an attribute: {@code a.b} (a map's member) becomes {@code #a.#b}. */
    String path(String attribute) {
        if (attribute == null || attribute.isEmpty()) {
            throw new IllegalArgumentException("an attribute name is required");
        }
        String[] segments = attribute.split("\\.", -1);
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("empty segment in attribute path " + attribute);
            }
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(name(segment));
        }
        return path.toString();
    }

    private String name(String segment) {
        return placeholderOfName.computeIfAbsent(segment, s -> {
            String placeholder = "#" + s;
            for (int i = names.size(); !IDENTIFIER.matcher(s).matches() || names.containsKey(placeholder); i++) {
                placeholder = "#n" + i;
                if (!names.containsKey(placeholder)) {
                    break;
                }
            }
            names.put(placeholder, s);
            return placeholder;
        });
    }

    String value(AttributeValue value) {
        if (value == null) {
            throw new IllegalArgumentException("a value is required (use remove() or notExists() for absence)");
        }
        return placeholderOfValue.computeIfAbsent(value, v -> {
            String placeholder = ":v" + values.size();
            values.put(placeholder, v);
            return placeholder;
        });
    }

    Map<String, String> names() {
        return Map.copyOf(names);
    }

    Map<String, AttributeValue> values() {
        return Map.copyOf(values);
    }
}
