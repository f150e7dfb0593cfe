package dev.userbase.dynamodb;

import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.ops.Operations;
import dev.userbase.dynamodb.persist.Journal;
import dev.userbase.dynamodb.streams.StreamSettings;
import dev.userbase.dynamodb.table.Database;

/**
 * The engine's operations called in-process with wire JSON, without the HTTP server: what the
 * wire server runs for each request, so property tests can make thousands of calls in seconds.
 * An error comes back as the {@link DynamoDbException} the server would encode.
 */
public final class InProcessEngine {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final Operations operations;

    public InProcessEngine() {
        Database database = new Database(Clock.systemUTC(), "us-east-1", StreamSettings.ONE_SHARD, Journal.NONE);
        this.operations = new Operations(database, Duration.ZERO, "127.0.0.1");
    }

    public JsonNode call(String operation, JsonNode request) {
        return operations.call("DynamoDB_20120810", operation, request);
    }

    public JsonNode call(String operation, String requestJson) {
        try {
            return call(operation, JSON.readTree(requestJson));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + requestJson, e);
        }
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * Creates an on-demand table keyed by {@code pk} of type {@code hashType} and, when
     * {@code rangeType} is not null, {@code sk} of that type.
     */
    public void createTable(String name, String hashType, String rangeType) {
        StringBuilder json = new StringBuilder("{\"TableName\":\"").append(name).append("\",\"BillingMode\":\"PAY_PER_REQUEST\",")
                .append("\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"").append(hashType).append("\"}");
        if (rangeType != null) {
            json.append(",{\"AttributeName\":\"sk\",\"AttributeType\":\"").append(rangeType).append("\"}");
        }
        json.append("],\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}");
        if (rangeType != null) {
            json.append(",{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}");
        }
        json.append("]}");
        call("CreateTable", json.toString());
    }
}
