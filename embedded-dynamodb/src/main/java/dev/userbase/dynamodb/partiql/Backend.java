package dev.userbase.dynamodb.partiql;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Runs one of the engine's own DynamoDB operations: what every PartiQL statement becomes. */
@FunctionalInterface
interface Backend {

    ObjectNode call(String operation, ObjectNode request);
}
