package dev.userbase.core.storage;

import java.util.List;
import java.util.stream.Collectors;

/** The attributes a read returns (a {@code ProjectionExpression}). */
public final class Projection {

    private final List<String> attributes;

    private Projection(List<String> attributes) {
        if (attributes.isEmpty()) {
            throw new IllegalArgumentException("a projection names at least one attribute");
        }
        this.attributes = List.copyOf(attributes);
    }

    public static Projection of(String... attributes) {
        return new Projection(List.of(attributes));
    }

    public static Projection of(List<String> attributes) {
        return new Projection(attributes);
    }

    public List<String> attributes() {
        return attributes;
    }

    String render(Placeholders placeholders) {
        return attributes.stream().map(placeholders::path).collect(Collectors.joining(", "));
    }
}
