package dev.userbase.dynamodb.ops;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Value;

/**
 * Typed access to the members of a request object, with the SDK's serialisation errors for wrong types.
 * Public for the PartiQL operations, which read their requests the same way; not part of the engine's API.
 */
public final class Request {

    private final JsonNode node;

    public Request(JsonNode node) {
        this.node = node == null || node.isNull() ? JsonNodeFactory.instance.objectNode() : node;
    }

    JsonNode node() {
        return node;
    }

    boolean has(String member) {
        JsonNode v = node.get(member);
        return v != null && !v.isNull();
    }

    JsonNode raw(String member) {
        JsonNode v = node.get(member);
        return v == null || v.isNull() ? null : v;
    }

    /** The member read by {@code read}; null if it is absent or JSON null, the SDK's error if it is not of {@code type}. */
    private <T> T typed(String member, Predicate<JsonNode> type, Function<JsonNode, T> read) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!type.test(v)) {
            throw DynamoDbException.unexpectedType(member);
        }
        return read.apply(v);
    }

    private static String text(JsonNode v, String member) {
        if (!v.isTextual()) {
            throw DynamoDbException.unexpectedType(member);
        }
        return v.textValue();
    }

    public String string(String member) {
        return typed(member, JsonNode::isTextual, JsonNode::textValue);
    }

    public Boolean bool(String member) {
        return typed(member, JsonNode::isBoolean, JsonNode::booleanValue);
    }

    boolean bool(String member, boolean otherwise) {
        Boolean b = bool(member);
        return b == null ? otherwise : b;
    }

    /** A number member, its fraction dropped. */
    Long integer(String member) {
        return typed(member, JsonNode::isNumber, JsonNode::longValue);
    }

    /** A number member that must be written without a fraction (PartiQL's {@code Limit}). */
    public Long integral(String member) {
        return typed(member, JsonNode::isIntegralNumber, JsonNode::longValue);
    }

    /** A list member as it was sent. */
    public JsonNode array(String member) {
        return typed(member, JsonNode::isArray, Function.identity());
    }

    Request object(String member) {
        return typed(member, JsonNode::isObject, Request::new);
    }

    List<Request> objects(String member) {
        return typed(member, JsonNode::isArray, v -> {
            List<Request> list = new ArrayList<>();
            for (JsonNode element : v) {
                list.add(new Request(element));
            }
            return list;
        });
    }

    List<String> strings(String member) {
        return typed(member, JsonNode::isArray, v -> {
            List<String> list = new ArrayList<>();
            for (JsonNode element : v) {
                list.add(text(element, member));
            }
            return list;
        });
    }

    Map<String, String> stringMap(String member) {
        return typed(member, JsonNode::isObject, v -> {
            Map<String, String> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), text(e.getValue(), member));
            }
            return map;
        });
    }

    Map<String, Value> item(String member) {
        JsonNode v = raw(member);
        return v == null ? null : ValueCodec.decodeItem(v);
    }

    /** Member names of an object member, in order. */
    List<String> fieldNames(String member) {
        JsonNode v = raw(member);
        List<String> names = new ArrayList<>();
        if (v != null) {
            v.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    static ObjectNode response() {
        return JsonNodeFactory.instance.objectNode();
    }
}
