package dev.userbase.core.model;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** How the JSON views of stored data (the API's, the export's) write optional fields: an absent value is left out. */
public final class JsonFields {

    private JsonFields() {
    }

    public static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    /** An instant as the API writes it ({@link Timestamps#format}). */
    public static void putIfPresent(ObjectNode node, String name, Instant value) {
        if (value != null) {
            node.put(name, Timestamps.format(value));
        }
    }
}
