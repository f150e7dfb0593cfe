package dev.userbase.dynamodb.partiql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Value;

/**
 * The {@code Parameters} of a statement as attribute values. DynamoDB reads each one in document
 * order and reports the first problem it meets: a value nested deeper than 32 levels, or a number
 * that cannot be read as a number at all ("The parameter cannot be converted to a numeric value: …").
 * What is left (types, sets, number limits) is the wire codec's ordinary validation.
 */
final class Parameters {

    static final int MAX_DEPTH = 32;
    static final String TOO_DEEP = "Nesting Levels have exceeded supported limits: Attributes in the item have nested "
            + "levels beyond supported limit";
    static final String UNCONVERTIBLE = "The parameter cannot be converted to a numeric value";

    private Parameters() {
    }

    static List<Value> decode(JsonNode parameters) {
        List<Value> values = new ArrayList<>();
        if (parameters == null || parameters.isNull()) {
            return values;
        }
        if (!parameters.isArray()) {
            throw DynamoDbException.unexpectedType("Parameters");
        }
        for (JsonNode parameter : parameters) {
            check(parameter, 0);
            values.add(ValueCodec.decode(parameter));
        }
        return values;
    }

    private static void check(JsonNode value, int depth) {
        if (value == null || !value.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "N" -> number(v);
                case "NS" -> {
                    if (v.isArray()) {
                        v.forEach(Parameters::number);
                    }
                }
                case "L", "M" -> {
                    if (depth + 1 > MAX_DEPTH) {
                        throw DynamoDbException.validation(TOO_DEEP);
                    }
                    if (v.isArray() || v.isObject()) {
                        v.forEach(child -> check(child, depth + 1));
                    }
                }
                default -> {
                }
            }
        }
    }

    private static void number(JsonNode n) {
        if (!n.isTextual()) {
            return; // the codec's serialization error
        }
        String text = n.textValue();
        if (text.isEmpty()) {
            throw DynamoDbException.validation(UNCONVERTIBLE);
        }
        try {
            new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw DynamoDbException.validation(UNCONVERTIBLE + ": " + text);
        }
    }
}
