package dev.userbase.dynamodb.ops;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Value;

/** Typed access to the members of a request object, with the SDK's serialisation errors for wrong types. */
final class Request {

    private final JsonNode node;

    Request(JsonNode node) {
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

    String string(String member) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw DynamoDbException.of("SerializationException", "Unexpected value type in payload for " + member);
        }
        return v.textValue();
    }

    Boolean bool(String member) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw DynamoDbException.of("SerializationException", "Unexpected value type in payload for " + member);
        }
        return v.booleanValue();
    }

    boolean bool(String member, boolean otherwise) {
        Boolean b = bool(member);
        return b == null ? otherwise : b;
    }

    Long integer(String member) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw DynamoDbException.of("SerializationException", "Unexpected value type in payload for " + member);
        }
        return v.longValue();
    }

    Request object(String member) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw DynamoDbException.of("SerializationException", "Unexpected value type in payload for " + member);
        }
        return new Request(v);
    }

    List<Request> objects(String member) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw DynamoDbException.of("SerializationException", "Unexpected value type in payload for " + member);
        }
        List<Request> list = new ArrayList<>();
        for (JsonNode element : v) {
            list.add(new Request(element));
        }
        return list;
    }

    List<String> strings(String member) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw DynamoDbException.of("SerializationException", "Unexpected value type in payload for " + member);
        }
        List<String> list = new ArrayList<>();
        for (JsonNode element : v) {
            if (!element.isTextual()) {
                throw DynamoDbException.of("SerializationException", "Unexpected value type in payload for " + member);
            }
            list.add(element.textValue());
        }
        return list;
    }

    Map<String, String> stringMap(String member) {
        JsonNode v = raw(member);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw DynamoDbException.of("SerializationException", "Unexpected value type in payload for " + member);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw DynamoDbException.of("SerializationException", "Unexpected value type in payload for " + member);
            }
            map.put(e.getKey(), e.getValue().textValue());
        }
        return map;
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
