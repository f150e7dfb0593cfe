package dev.userbase.cdk;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Typed values of CDK context ({@code -c key=value}, or {@code cdk.json}), as the settings records
 * read them: a blank value counts as absent, text is trimmed, and a value that is not of its type
 * fails synthesis with the key in the message.
 */
final class CdkContext {

    private final Function<String, Object> context;

    CdkContext(Function<String, Object> context) {
        this.context = context;
    }

    String text(String key, String defaultValue) {
        Object value = context.apply(key);
        if (value == null || value.toString().isBlank()) {
            return defaultValue;
        }
        return value.toString().trim();
    }

    boolean bool(String key, boolean defaultValue) {
        String value = text(key, null);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("context " + key + " must be true or false: '" + value + "'");
        };
    }

    int integer(String key, int defaultValue) {
        String value = text(key, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context " + key + " must be a whole number: '" + value + "'", e);
        }
    }

    /** A JSON list ({@code cdk.json}) or comma-separated text; empty entries are dropped. */
    List<String> list(String key, List<String> defaultValue) {
        Object value = context.apply(key);
        if (value instanceof List<?> items) {
            return items.stream().map(Object::toString).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        String text = text(key, null);
        if (text == null) {
            return defaultValue;
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** {@link #list}, where the text {@code none} (any case) is the empty list, so a default can be switched off. */
    List<String> listOrNone(String key, List<String> defaultValue) {
        return "none".equalsIgnoreCase(text(key, null)) ? List.of() : list(key, defaultValue);
    }
}
