package dev.userbase.dynamodb.partiql;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.dynamodb.DynamoDbException;

/**
 * The service's own checks of request members, reported together as DynamoDB reports them:
 * {@code 1 validation error detected: Value '[]' at 'statements' failed to satisfy constraint: …}.
 */
final class Checks {

    static final List<String> CAPACITY = List.of("INDEXES", "TOTAL", "NONE");
    static final List<String> ON_CONDITION_FAILURE = List.of("ALL_OLD", "NONE");

    private final List<String> errors = new ArrayList<>();

    /** A string member; a member of another JSON type is the SDK's serialization error. */
    static String string(JsonNode request, String member) {
        JsonNode v = request.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw DynamoDbException.of("SerializationException", "Unexpected value type in payload for " + member);
        }
        return v.textValue();
    }

    static Boolean bool(JsonNode request, String member) {
        JsonNode v = request.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw DynamoDbException.of("SerializationException", "Unexpected value type in payload for " + member);
        }
        return v.booleanValue();
    }

    static Long integer(JsonNode request, String member) {
        JsonNode v = request.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw DynamoDbException.of("SerializationException", "Unexpected value type in payload for " + member);
        }
        return v.longValue();
    }

    /** A list member, or null; a member that is not a list is the SDK's serialization error. */
    static JsonNode list(JsonNode request, String member) {
        JsonNode v = request.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw DynamoDbException.of("SerializationException", "Unexpected value type in payload for " + member);
        }
        return v;
    }

    Checks required(Object value, String member) {
        if (value == null) {
            errors.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
        return this;
    }

    Checks length(String value, int min, int max, String member) {
        if (value != null) {
            if (value.length() < min) {
                errors.add(at(value, member) + "Member must have length greater than or equal to " + min);
            } else if (value.length() > max) {
                errors.add(at(value, member) + "Member must have length less than or equal to " + max);
            }
        }
        return this;
    }

    /** The length of a list member; DynamoDB prints an empty one as {@code '[]'}. */
    Checks size(JsonNode list, int min, int max, String member) {
        if (list != null) {
            if (list.size() < min) {
                errors.add(at("[]", member) + "Member must have length greater than or equal to " + min);
            } else if (list.size() > max) {
                errors.add("Value at '" + member + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
            }
        }
        return this;
    }

    Checks min(Long value, long min, String member) {
        if (value != null && value < min) {
            errors.add(at(Long.toString(value), member) + "Member must have value greater than or equal to " + min);
        }
        return this;
    }

    Checks oneOf(String value, List<String> allowed, String member) {
        if (value != null && !allowed.contains(value)) {
            errors.add(at(value, member) + "Member must satisfy enum value set: " + allowed);
        }
        return this;
    }

    private static String at(String value, String member) {
        return "Value '" + value + "' at '" + member + "' failed to satisfy constraint: ";
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw DynamoDbException.validationErrors(errors);
        }
    }
}
