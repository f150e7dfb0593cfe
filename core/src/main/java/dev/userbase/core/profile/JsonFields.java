package dev.userbase.core.profile;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.core.error.FieldError;
import dev.userbase.core.error.InvalidInputException;

/**
 * Reads the fields of a JSON request body and collects everything wrong with them, so a client
 * learns about every bad field at once (the {@code errors} list of the problem response). Call
 * {@link #validate()} when done: it throws if anything was wrong.
 */
public final class JsonFields {

    /** A field that may be absent, explicitly {@code null}, or a value. */
    public sealed interface Nullable permits Absent, Null, Value {
    }

    public record Absent() implements Nullable {
    }

    public record Null() implements Nullable {
    }

    public record Value(String value) implements Nullable {
    }

    private final ObjectNode body;
    private final List<FieldError> errors = new ArrayList<>();

    private JsonFields(ObjectNode body) {
        this.body = body;
    }

    /** @throws InvalidInputException the body is not a JSON object */
    public static JsonFields of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException("The request body must be a JSON object");
        }
        return new JsonFields((ObjectNode) body);
    }

    /** Reports every field that is not in {@code allowed}: read-only ones as such, others as unknown. */
    public JsonFields allowOnly(Set<String> allowed, Set<String> readOnly) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new FieldError(name, readOnly.contains(name) ? name + " cannot be changed here"
                        : "unknown field " + name));
            }
        }
        return this;
    }

    public boolean isEmpty() {
        return body.isEmpty();
    }

    /** A required string of 1..maxLength characters (code points) after trimming, with no control characters. */
    public String requiredText(String name, int maxLength) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(name, name + " is required"));
            return null;
        }
        return text(name, node, maxLength);
    }

    /** An optional string field: absent, {@code null}, or 1..maxLength characters after trimming. */
    public Nullable optionalText(String name, int maxLength) {
        JsonNode node = body.get(name);
        if (node == null) {
            return new Absent();
        }
        if (node.isNull()) {
            return new Null();
        }
        String value = text(name, node, maxLength);
        return value == null ? new Absent() : new Value(value);
    }

    /** An optional https URL of at most {@code maxLength} characters, with a host and no user info. */
    public Nullable optionalHttpsUrl(String name, int maxLength) {
        Nullable field = optionalText(name, maxLength);
        if (field instanceof Value v && !isHttpsUrl(v.value())) {
            errors.add(new FieldError(name, name + " must be an https URL"));
            return new Absent();
        }
        return field;
    }

    /** A required string that must be one of {@code allowed} (as written). */
    public <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
        JsonNode node = body.get(name);
        List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        if (node == null || node.isNull()) {
            errors.add(new FieldError(name, name + " is required"));
            return null;
        }
        if (!node.isTextual() || !names.contains(node.asText())) {
            errors.add(new FieldError(name, name + " must be one of " + String.join(", ", names)));
            return null;
        }
        return Enum.valueOf(type, node.asText());
    }

    /** A field's raw node, for fields with their own rules. */
    public Optional<JsonNode> raw(String name) {
        return Optional.ofNullable(body.get(name));
    }

    public void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** @throws InvalidInputException listing every problem found */
    public void validate() {
        if (!errors.isEmpty()) {
            String detail = errors.size() == 1 ? errors.get(0).message()
                    : "The request has " + errors.size() + " invalid fields";
            throw new InvalidInputException(detail, errors);
        }
    }

    private String text(String name, JsonNode node, int maxLength) {
        if (!node.isTextual()) {
            errors.add(new FieldError(name, name + " must be a string"));
            return null;
        }
        String value = node.asText().strip();
        if (value.isEmpty()) {
            errors.add(new FieldError(name, name + " must not be blank"));
            return null;
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            errors.add(new FieldError(name, name + " must be at most " + maxLength + " characters"));
            return null;
        }
        if (value.codePoints().anyMatch(JsonFields::isControl)) {
            errors.add(new FieldError(name, name + " must not contain control characters"));
            return null;
        }
        return value;
    }

    private static boolean isControl(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT && c != 0x200D // keep the emoji joiner
                || type == Character.UNASSIGNED || type == Character.SURROGATE || type == Character.PRIVATE_USE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean isHttpsUrl(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute()
                    && "https".equals(uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null && !uri.getHost().isEmpty()
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
