package dev.userbase.dynamodb.partiql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.json.JsonTrees;

/** Items as a SELECT returns them, and the NextToken that carries a read on to its next page. */
final class Results {


    private Results() {
    }

    /**
     * An item of a SELECT with a projection list: each path's value under the path's last name with
     * the indexes after it ({@code SELECT a.b, l[0]} gives {@code b} and {@code l[0]}), as DynamoDB
     * gives them; a path the item does not have is left out.
     */
    static ObjectNode project(JsonNode item, List<Ast.PathRef> projection) {
        if (projection.isEmpty()) {
            return (ObjectNode) item;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Ast.PathRef path : projection) {
            JsonNode value = at(item, path);
            if (value != null) {
                out.set(path.outputName(), value);
            }
        }
        return out;
    }

    /** The wire value at {@code path} in a wire item, or null. */
    private static JsonNode at(JsonNode item, Ast.PathRef path) {
        JsonNode current = item.get(path.top());
        for (Object element : path.elements().subList(1, path.elements().size())) {
            if (current == null) {
                return null;
            }
            if (element instanceof Integer index) {
                JsonNode list = current.get("L");
                current = list == null || index >= list.size() ? null : list.get(index);
            } else {
                JsonNode map = current.get("M");
                current = map == null ? null : map.get((String) element);
            }
        }
        return current;
    }

    /** A NextToken: the LastEvaluatedKey of a page, tied to the statement and parameters it belongs to. */
    static String nextToken(String fingerprint, JsonNode lastEvaluatedKey) {
        ObjectNode token = JsonNodeFactory.instance.objectNode();
        token.put("s", fingerprint);
        token.set("k", lastEvaluatedKey);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(JsonTrees.write(token));
    }

    /** The ExclusiveStartKey a NextToken carries; a token of another statement is refused. */
    static JsonNode startKey(String nextToken, String fingerprint) {
        JsonNode token;
        try {
            token = JsonTrees.read(Base64.getUrlDecoder().decode(nextToken));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw DynamoDbException.validation("Invalid NextToken");
        }
        if (token == null || !token.path("k").isObject() || !token.path("s").isTextual()) {
            throw DynamoDbException.validation("Invalid NextToken");
        }
        if (!token.path("s").textValue().equals(fingerprint)) {
            throw DynamoDbException.validation("The provided starting key is invalid");
        }
        return token.get("k");
    }

    /** A short digest of what a read depends on: the statement and its parameters. */
    static String fingerprint(String statement, JsonNode parameters) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(statement.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.valueOf(parameters).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** ConsumedCapacity entries of several calls, summed per table (the batch and transaction answers). */
    static void addCapacity(Map<String, ObjectNode> byTable, JsonNode consumed) {
        if (consumed == null || consumed.isNull()) {
            return;
        }
        if (consumed.isArray()) {
            consumed.forEach(c -> addCapacity(byTable, c));
            return;
        }
        String table = consumed.path("TableName").asText();
        ObjectNode sum = byTable.get(table);
        if (sum == null) {
            byTable.put(table, consumed.deepCopy());
        } else {
            merge(sum, consumed);
        }
    }

    private static void merge(ObjectNode sum, JsonNode add) {
        for (Map.Entry<String, JsonNode> e : add.properties()) {
            JsonNode existing = sum.get(e.getKey());
            if (e.getValue().isNumber()) {
                sum.put(e.getKey(), (existing == null ? 0 : existing.doubleValue()) + e.getValue().doubleValue());
            } else if (e.getValue().isObject()) {
                if (existing instanceof ObjectNode o) {
                    merge(o, e.getValue());
                } else {
                    sum.set(e.getKey(), e.getValue().deepCopy());
                }
            }
        }
    }

    static ArrayNode capacityList(Map<String, ObjectNode> byTable) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        byTable.values().forEach(list::add);
        return list;
    }
}
