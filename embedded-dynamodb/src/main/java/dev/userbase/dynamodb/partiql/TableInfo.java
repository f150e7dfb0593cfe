package dev.userbase.dynamodb.partiql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;

/** What translating a statement needs to know of its table: key names and types, and its indexes. */
record TableInfo(String name, Keys keys, Map<String, Index> indexes) {

    /** A key schema; {@code range} is null without a sort key. */
    record Keys(String hash, String range) {
        List<String> names() {
            return range == null ? List.of(hash) : List.of(hash, range);
        }

        boolean contains(String attribute) {
            return attribute.equals(hash) || attribute.equals(range);
        }
    }

    record Index(String name, Keys keys, boolean global, String projectionType, List<String> nonKeyAttributes) {
    }

    /** The index named, or DynamoDB's error for an index the table does not have. */
    Index index(String indexName) {
        Index index = indexes.get(indexName);
        if (index == null) {
            throw DynamoDbException.validation("The table does not have the specified index: " + indexName);
        }
        return index;
    }

    /** Whether reading {@code attribute} through {@code index} finds it in the index itself. */
    boolean projects(Index index, String attribute) {
        return "ALL".equals(index.projectionType()) || keys.contains(attribute) || index.keys().contains(attribute)
                || index.nonKeyAttributes().contains(attribute);
    }

    /** Asks the engine (DescribeTable); a table that does not exist is DynamoDB's ResourceNotFoundException. */
    static TableInfo describe(Backend backend, String table) {
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("TableName", table);
        JsonNode description;
        try {
            description = backend.call("DescribeTable", request).path("Table");
        } catch (DynamoDbException e) {
            if ("ResourceNotFoundException".equals(e.type())) {
                throw DynamoDbException.resourceNotFound("Requested resource not found");
            }
            throw e;
        }
        Map<String, Index> indexes = new LinkedHashMap<>();
        for (String member : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
            for (JsonNode index : description.path(member)) {
                List<String> nonKey = new ArrayList<>();
                index.path("Projection").path("NonKeyAttributes").forEach(n -> nonKey.add(n.asText()));
                String name = index.path("IndexName").asText();
                indexes.put(name, new Index(name, keys(index.path("KeySchema")), member.startsWith("Global"),
                        index.path("Projection").path("ProjectionType").asText("ALL"), List.copyOf(nonKey)));
            }
        }
        return new TableInfo(description.path("TableName").asText(table), keys(description.path("KeySchema")), indexes);
    }

    private static Keys keys(JsonNode schema) {
        String hash = null;
        String range = null;
        for (JsonNode element : schema) {
            if ("HASH".equals(element.path("KeyType").asText())) {
                hash = element.path("AttributeName").asText();
            } else {
                range = element.path("AttributeName").asText();
            }
        }
        return new Keys(hash, range);
    }
}
