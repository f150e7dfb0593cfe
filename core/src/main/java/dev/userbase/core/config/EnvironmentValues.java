package dev.userbase.core.config;

import java.util.Map;

/**
 * How every settings record reads its environment variables: a value is trimmed, and an unset or
 * blank one takes the setting's default. One place, so every setting fails with the same message.
 */
public final class EnvironmentValues {

    private EnvironmentValues() {
    }

    /** {@code name}'s value, trimmed; {@code defaultValue} when it is unset or blank. */
    public static String text(Map<String, String> env, String name, String defaultValue) {
        String value = env.get(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    /**
     * {@code name}'s value as a whole number; {@code defaultValue} when it is unset or blank.
     *
     * @throws IllegalArgumentException the value is not a whole number
     */
    public static long wholeNumber(Map<String, String> env, String name, long defaultValue) {
        String value = text(env, name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
        }
    }
}
