package dev.userbase.cdk;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites a JSON Schema draft 2020-12 document (what {@code events-schema/} publishes) as draft 4,
 * the JSON Schema dialect EventBridge's schema registry accepts ({@code JSONSchemaDraft4}), keeping
 * what it validates: {@code $defs} become {@code definitions} (and their {@code $ref}s follow),
 * {@code const} a one-value {@code enum}, numeric {@code exclusiveMinimum}/{@code exclusiveMaximum}
 * the boolean form beside {@code minimum}/{@code maximum}, {@code dependentRequired} and
 * {@code dependentSchemas} {@code dependencies}, {@code prefixItems} an {@code items} array, boolean
 * subschemas {@code {}} or {@code {"not":{}}}. A keyword draft 4 cannot express
 * ({@link #UNSUPPORTED}) fails the conversion rather than silently accepting more than the contract does.
 */
public final class Draft4Schema {

    public static final String META_SCHEMA = "http://json-schema.org/draft-04/schema#";

    /** 2019-09/2020-12 keywords with no draft 4 equivalent. */
    static final Set<String> UNSUPPORTED = Set.of("if", "then", "else", "unevaluatedProperties",
            "unevaluatedItems", "contains", "minContains", "maxContains", "propertyNames", "$anchor",
            "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor", "$vocabulary");

    /** Keywords whose value is a map of name to subschema. */
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "definitions");
    /** Keywords whose value is one subschema. */
    private static final Set<String> SCHEMAS = Set.of("additionalProperties", "additionalItems", "not", "items");
    /** Keywords whose value is an array of subschemas. */
    private static final Set<String> SCHEMA_ARRAYS = Set.of("allOf", "anyOf", "oneOf");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Draft4Schema() {
    }

    /**
     * The draft 4 form of {@code schema} (a 2020-12 document; {@code $schema} is replaced).
     *
     * @throws IllegalArgumentException the schema uses a keyword draft 4 cannot express
     */
    public static ObjectNode convert(JsonNode schema) {
        if (!schema.isObject()) {
            throw new IllegalArgumentException("a schema document must be an object");
        }
        ObjectNode converted = NODES.objectNode();
        converted.put("$schema", META_SCHEMA);
        ObjectNode body = subschema(schema, "#");
        body.remove("$schema");
        converted.setAll(body);
        return converted;
    }

    private static ObjectNode subschema(JsonNode schema, String path) {
        if (schema.isBoolean()) {
            // true accepts everything, false nothing
            return schema.booleanValue() ? NODES.objectNode() : NODES.objectNode().set("not", NODES.objectNode());
        }
        if (!schema.isObject()) {
            throw new IllegalArgumentException(path + ": a schema must be an object or a boolean");
        }
        ObjectNode out = NODES.objectNode();
        ObjectNode dependencies = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String keyword = field.getKey();
            JsonNode value = field.getValue();
            String at = path + "/" + keyword;
            if (UNSUPPORTED.contains(keyword)) {
                throw new IllegalArgumentException(at + ": JSON Schema draft 4 has no equivalent of '" + keyword + "'");
            }
            switch (keyword) {
                case "$id" -> out.set("id", value);
                case "$defs", "definitions" -> out.set("definitions", schemaMap(value, at));
                case "$ref" -> out.put("$ref", value.asText().replace("#/$defs/", "#/definitions/"));
                case "const" -> out.set("enum", NODES.arrayNode().add(value));
                case "exclusiveMinimum", "exclusiveMaximum" -> {
                    if (value.isNumber()) {
                        bound(schema, out, keyword, value);
                    } else {
                        out.set(keyword, value);
                    }
                }
                case "minimum", "maximum" -> {
                    // merged with a numeric exclusive bound, if there is one
                    String exclusive = keyword.equals("minimum") ? "exclusiveMinimum" : "exclusiveMaximum";
                    if (!schema.path(exclusive).isNumber()) {
                        out.set(keyword, value);
                    }
                }
                case "dependentRequired" -> dependencies.setAll((ObjectNode) value);
                case "dependentSchemas" -> dependencies.setAll(schemaMap(value, at));
                case "dependencies" -> value.fields().forEachRemaining(d -> dependencies.set(d.getKey(),
                        d.getValue().isArray() ? d.getValue() : subschema(d.getValue(), at + "/" + d.getKey())));
                case "prefixItems" -> {
                    out.set("items", schemaArray(value, at));
                    if (schema.has("items")) {
                        JsonNode rest = schema.get("items");
                        // additionalItems accepts booleans in draft 4
                        out.set("additionalItems", rest.isBoolean() ? rest : subschema(rest, path + "/items"));
                    }
                }
                case "items" -> {
                    if (!schema.has("prefixItems")) {
                        out.set("items", value.isArray() ? schemaArray(value, at) : subschema(value, at));
                    }
                }
                case "additionalProperties", "additionalItems" ->
                        out.set(keyword, value.isBoolean() ? value : subschema(value, at));
                default -> {
                    if (SCHEMA_MAPS.contains(keyword)) {
                        out.set(keyword, schemaMap(value, at));
                    } else if (SCHEMAS.contains(keyword)) {
                        out.set(keyword, subschema(value, at));
                    } else if (SCHEMA_ARRAYS.contains(keyword)) {
                        out.set(keyword, schemaArray(value, at));
                    } else {
                        // validation keywords draft 4 shares, annotations, formats, data (enum, default)
                        out.set(keyword, value);
                    }
                }
            }
        }
        if (!dependencies.isEmpty()) {
            out.set("dependencies", dependencies);
        }
        return out;
    }

    /** A numeric exclusive bound, with the inclusive one beside it: the stricter wins. */
    private static void bound(JsonNode schema, ObjectNode out, String exclusiveKeyword, JsonNode exclusive) {
        boolean lower = exclusiveKeyword.equals("exclusiveMinimum");
        String inclusiveKeyword = lower ? "minimum" : "maximum";
        JsonNode inclusive = schema.get(inclusiveKeyword);
        boolean exclusiveWins = inclusive == null || !inclusive.isNumber()
                || (lower ? exclusive.decimalValue().compareTo(inclusive.decimalValue()) >= 0
                        : exclusive.decimalValue().compareTo(inclusive.decimalValue()) <= 0);
        if (exclusiveWins) {
            out.set(inclusiveKeyword, exclusive);
            out.put(exclusiveKeyword, true);
        } else {
            out.set(inclusiveKeyword, inclusive);
        }
    }

    private static ObjectNode schemaMap(JsonNode value, String path) {
        if (!value.isObject()) {
            throw new IllegalArgumentException(path + ": expected an object of schemas");
        }
        ObjectNode out = NODES.objectNode();
        value.fields().forEachRemaining(e -> out.set(e.getKey(), subschema(e.getValue(), path + "/" + e.getKey())));
        return out;
    }

    private static ArrayNode schemaArray(JsonNode value, String path) {
        if (!value.isArray()) {
            throw new IllegalArgumentException(path + ": expected an array of schemas");
        }
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < value.size(); i++) {
            out.add(subschema(value.get(i), path + "/" + i));
        }
        return out;
    }
}
