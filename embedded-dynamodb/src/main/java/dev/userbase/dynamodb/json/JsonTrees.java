package dev.userbase.dynamodb.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON text to and from Jackson trees with jackson-core's streaming parser and generator only. The
 * engine speaks JSON trees and nothing else, and building an {@code ObjectMapper} (its serializer,
 * deserializer and type factories) is most of a cold JVM's first start: this keeps databind's
 * machinery out of the engine. Trees come out as {@code ObjectMapper.readTree} builds them (ints as
 * int, long or big-integer nodes by size, other numbers as doubles, the last of duplicate names wins,
 * missing content as {@link MissingNode}).
 */
public final class JsonTrees {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /** Parses one JSON value; {@link MissingNode} if there is none. Malformed text is a {@code JsonProcessingException}. */
    public static JsonNode read(byte[] json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return read(parser);
        }
    }

    public static JsonNode read(String json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return read(parser);
        }
    }

    private static JsonNode read(JsonParser parser) throws IOException {
        JsonToken token = parser.nextToken();
        return token == null ? MissingNode.getInstance() : value(parser, token);
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    object.set(name, value(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(value(parser, t));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return NODES.numberNode(parser.getIntValue());
                    case LONG:
                        return NODES.numberNode(parser.getLongValue());
                    default:
                        return NODES.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IOException("unexpected JSON token " + token);
        }
    }

    /** The tree as compact JSON, UTF-8 (as {@code writeValueAsBytes}). */
    public static byte[] write(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The tree as compact JSON text (as {@code writeValueAsString}: characters outside the BMP unescaped). */
    public static String writeString(JsonNode node) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT:
                generator.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    generator.writeFieldName(field.getKey());
                    write(generator, field.getValue());
                }
                generator.writeEndObject();
                break;
            case ARRAY:
                generator.writeStartArray();
                for (JsonNode element : node) {
                    write(generator, element);
                }
                generator.writeEndArray();
                break;
            case STRING:
                generator.writeString(node.textValue());
                break;
            case NUMBER:
                switch (node.numberType()) {
                    case INT:
                        generator.writeNumber(node.intValue());
                        break;
                    case LONG:
                        generator.writeNumber(node.longValue());
                        break;
                    case BIG_INTEGER:
                        generator.writeNumber(node.bigIntegerValue());
                        break;
                    case BIG_DECIMAL:
                        generator.writeNumber(node.decimalValue());
                        break;
                    case FLOAT:
                        generator.writeNumber(node.floatValue());
                        break;
                    default:
                        generator.writeNumber(node.doubleValue());
                }
                break;
            case BOOLEAN:
                generator.writeBoolean(node.booleanValue());
                break;
            case BINARY:
                generator.writeBinary(node.binaryValue());
                break;
            case NULL:
                generator.writeNull();
                break;
            case MISSING:
                break;
            default:
                throw new IllegalArgumentException("not a JSON tree node: " + node.getNodeType());
        }
    }
}
