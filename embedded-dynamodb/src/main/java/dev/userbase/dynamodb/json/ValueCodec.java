package dev.userbase.dynamodb.json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.model.Bytes;
import dev.userbase.dynamodb.model.Numbers;
import dev.userbase.dynamodb.model.Value;

/**
 * Attribute values to and from their wire JSON ({@code {"S":"text"}}, {@code {"N":"1"}}, …), with
 * the validation DynamoDB applies to every value a client sends.
 */
public final class ValueCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ValueCodec() {
    }

    public static Map<String, Value> decodeItem(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw DynamoDbException.validation("Supplied item is not a map of attribute values");
        }
        return decodeMembers(node);
    }

    /** An object's members, decoded, in order: an item's attributes or a map's entries. */
    private static Map<String, Value> decodeMembers(JsonNode object) {
        Map<String, Value> members = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            members.put(e.getKey(), decode(e.getValue()));
        }
        return members;
    }

    public static Value decode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw DynamoDbException.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        int set = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            if (!it.next().getValue().isNull()) {
                set++;
            }
        }
        if (set == 0) {
            throw DynamoDbException.validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (set > 1) {
            throw DynamoDbException.validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        Map.Entry<String, JsonNode> entry = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNull()) {
                entry = e;
            }
        }
        String tag = entry.getKey();
        JsonNode v = entry.getValue();
        switch (tag) {
            case "S":
                return new Value.S(text(v, tag));
            case "N":
                return new Value.N(Numbers.parse(text(v, tag)));
            case "B":
                return new Value.B(binary(v));
            case "BOOL":
                if (!v.isBoolean()) {
                    throw DynamoDbException.unexpectedType("BOOL");
                }
                return v.booleanValue() ? Value.Bool.TRUE : Value.Bool.FALSE;
            case "NULL":
                if (!v.isBoolean()) {
                    throw DynamoDbException.unexpectedType("NULL");
                }
                if (!v.booleanValue()) {
                    throw DynamoDbException.invalidParameter("Null attribute value types must have the value of true");
                }
                return Value.Null.INSTANCE;
            case "L": {
                List<Value> values = new ArrayList<>();
                for (JsonNode element : array(v, tag)) {
                    values.add(decode(element));
                }
                return new Value.L(values);
            }
            case "M": {
                if (!v.isObject()) {
                    throw DynamoDbException.unexpectedType("M");
                }
                return new Value.M(decodeMembers(v));
            }
            case "SS":
                return new Value.SS(set(v, tag, e -> text(e, tag), Function.identity(), "An string set  may not be empty"));
            case "NS":
                return new Value.NS(set(v, tag, e -> text(e, tag), Numbers::parse, "An number set  may not be empty"));
            case "BS":
                return new Value.BS(set(v, tag, ValueCodec::binary, Function.identity(), "Binary sets should not be empty"));
            default:
                throw DynamoDbException.of("SerializationException", "Unexpected field type");
        }
    }

    /**
     * A set's elements, each read as the request wrote it and then parsed; DynamoDB refuses an empty
     * set, and a set with duplicates (after parsing: {@code 1} and {@code 1.0} are one number) naming
     * the elements as written.
     */
    private static <R, T> Set<T> set(JsonNode v, String tag, Function<JsonNode, R> read, Function<R, T> parse, String empty) {
        List<R> raw = new ArrayList<>();
        Set<T> values = new LinkedHashSet<>();
        for (JsonNode element : array(v, tag)) {
            R written = read.apply(element);
            raw.add(written);
            values.add(parse.apply(written));
        }
        if (raw.isEmpty()) {
            throw DynamoDbException.invalidParameter(empty);
        }
        if (values.size() != raw.size()) {
            throw DynamoDbException.invalidParameter("Input collection " + raw + " contains duplicates.");
        }
        return values;
    }

    private static String text(JsonNode v, String tag) {
        if (!v.isTextual()) {
            throw DynamoDbException.unexpectedType(tag);
        }
        return v.textValue();
    }

    private static Bytes binary(JsonNode v) {
        if (!v.isTextual()) {
            throw DynamoDbException.unexpectedType("B");
        }
        try {
            return Bytes.fromBase64(v.textValue());
        } catch (IllegalArgumentException e) {
            throw DynamoDbException.of("SerializationException", "Base64 encoded length is expected a multiple of 4 bytes but found: " + v.textValue().length());
        }
    }

    private static Iterable<JsonNode> array(JsonNode v, String tag) {
        if (!v.isArray()) {
            throw DynamoDbException.unexpectedType(tag);
        }
        return v;
    }

    public static ObjectNode encodeItem(Map<String, Value> item) {
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<String, Value> e : item.entrySet()) {
            node.set(e.getKey(), encode(e.getValue()));
        }
        return node;
    }

    public static ObjectNode encode(Value value) {
        ObjectNode node = NODES.objectNode();
        if (value instanceof Value.S s) {
            node.put("S", s.value());
        } else if (value instanceof Value.N n) {
            node.put("N", n.text());
        } else if (value instanceof Value.B b) {
            node.put("B", b.value().base64());
        } else if (value instanceof Value.Bool b) {
            node.put("BOOL", b.value());
        } else if (value instanceof Value.Null) {
            node.put("NULL", true);
        } else if (value instanceof Value.L l) {
            ArrayNode array = node.putArray("L");
            for (Value v : l.values()) {
                array.add(encode(v));
            }
        } else if (value instanceof Value.M m) {
            node.set("M", encodeItem(m.values()));
        } else if (value instanceof Value.SS ss) {
            ArrayNode array = node.putArray("SS");
            ss.values().forEach(array::add);
        } else if (value instanceof Value.NS ns) {
            ArrayNode array = node.putArray("NS");
            ns.values().forEach(n -> array.add(Numbers.format(n)));
        } else if (value instanceof Value.BS bs) {
            ArrayNode array = node.putArray("BS");
            bs.values().forEach(b -> array.add(b.base64()));
        }
        return node;
    }
}
