package dev.userbase.core.privacy;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A stored item as plain JSON, every attribute included (keys and bookkeeping too): what an export
 * shows of an item it reports whole. Numbers keep their exact decimal value; binaries are base64.
 */
final class ItemJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private ItemJson() {
    }

    static ObjectNode of(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        new TreeMap<>(item).forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    static JsonNode value(AttributeValue value) {
        switch (value.type()) {
            case S:
                return NODES.textNode(value.s());
            case N:
                return NODES.numberNode(new BigDecimal(value.n()));
            case BOOL:
                return NODES.booleanNode(value.bool());
            case NUL:
                return NODES.nullNode();
            case B:
                return NODES.textNode(Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case SS: {
                ArrayNode array = NODES.arrayNode();
                value.ss().stream().sorted().forEach(array::add);
                return array;
            }
            case NS: {
                ArrayNode array = NODES.arrayNode();
                value.ns().stream().map(BigDecimal::new).sorted().forEach(array::add);
                return array;
            }
            case BS: {
                ArrayNode array = NODES.arrayNode();
                value.bs().forEach(b -> array.add(Base64.getEncoder().encodeToString(b.asByteArray())));
                return array;
            }
            case L: {
                ArrayNode array = NODES.arrayNode();
                value.l().forEach(element -> array.add(value(element)));
                return array;
            }
            case M:
                return of(value.m());
            default:
                throw new IllegalArgumentException("unknown attribute type " + value.type());
        }
    }
}
