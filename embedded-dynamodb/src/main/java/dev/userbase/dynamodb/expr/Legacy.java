package dev.userbase.dynamodb.expr;

import com.fasterxml.jackson.databind.JsonNode;

/** The legacy request shapes (Expected, QueryFilter, ScanFilter, KeyConditions, AttributeUpdates, AttributesToGet). */
public final class Legacy {

    private Legacy() {
    }

    public static Condition expected(JsonNode expected, String conditionalOperator) {
        throw new UnsupportedOperationException("legacy conditions not yet written");
    }

    public static Condition filter(JsonNode filter, String conditionalOperator, String parameterName) {
        throw new UnsupportedOperationException("legacy conditions not yet written");
    }

    public static KeyCondition keyConditions(JsonNode keyConditions, KeyNames keys) {
        throw new UnsupportedOperationException("legacy conditions not yet written");
    }

    public static Update attributeUpdates(JsonNode attributeUpdates) {
        throw new UnsupportedOperationException("legacy updates not yet written");
    }

    public static Projection attributesToGet(JsonNode attributes) {
        throw new UnsupportedOperationException("legacy projections not yet written");
    }
}
