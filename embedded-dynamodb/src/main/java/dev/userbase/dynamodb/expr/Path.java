package dev.userbase.dynamodb.expr;

import java.util.List;

/**
 * A document path with its names resolved: top-level attribute name first, then map keys
 * ({@link String}) and list indexes ({@link Integer}).
 */
public record Path(List<Object> elements) {

    public Path {
        elements = List.copyOf(elements);
        if (elements.isEmpty() || !(elements.get(0) instanceof String)) {
            throw new IllegalArgumentException("a path starts with an attribute name");
        }
    }

    public static Path of(String attribute) {
        return new Path(List.of(attribute));
    }

    public String topName() {
        return (String) elements.get(0);
    }

    public boolean isTopLevel() {
        return elements.size() == 1;
    }
}
