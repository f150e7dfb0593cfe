package dev.userbase.dynamodb.ops;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.table.Database;

/**
 * Every operation the engine serves, by its wire name. An operation that is not here answers
 * UnknownOperationException: never a wrong result.
 */
public final class Operations {

    /** The operations that change data (a fault "after applying" makes sense only for them). */
    public static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems", "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction");

    private final Map<String, Function<Request, ObjectNode>> dynamoDb = new HashMap<>();
    private final Map<String, Function<Request, ObjectNode>> streams = new HashMap<>();

    public Operations(Database db, Duration transactionWindow, String endpointHost) {
        TableOps tables = new TableOps(db);
        ItemOps items = new ItemOps(db);
        ReadOps reads = new ReadOps(db);
        BatchOps batches = new BatchOps(db);
        TransactOps transactions = new TransactOps(db, transactionWindow);
        StreamOps streamOps = new StreamOps(db);
        dynamoDb.put("CreateTable", tables::createTable);
        dynamoDb.put("DeleteTable", tables::deleteTable);
        dynamoDb.put("DescribeTable", tables::describeTable);
        dynamoDb.put("ListTables", tables::listTables);
        dynamoDb.put("UpdateTable", tables::updateTable);
        dynamoDb.put("UpdateTimeToLive", tables::updateTimeToLive);
        dynamoDb.put("DescribeTimeToLive", tables::describeTimeToLive);
        dynamoDb.put("TagResource", tables::tagResource);
        dynamoDb.put("UntagResource", tables::untagResource);
        dynamoDb.put("ListTagsOfResource", tables::listTagsOfResource);
        dynamoDb.put("DescribeLimits", tables::describeLimits);
        dynamoDb.put("DescribeEndpoints", r -> tables.describeEndpoints(r, endpointHost));
        dynamoDb.put("PutItem", items::putItem);
        dynamoDb.put("GetItem", items::getItem);
        dynamoDb.put("UpdateItem", items::updateItem);
        dynamoDb.put("DeleteItem", items::deleteItem);
        dynamoDb.put("Query", reads::query);
        dynamoDb.put("Scan", reads::scan);
        dynamoDb.put("BatchGetItem", batches::batchGetItem);
        dynamoDb.put("BatchWriteItem", batches::batchWriteItem);
        dynamoDb.put("TransactWriteItems", transactions::transactWriteItems);
        dynamoDb.put("TransactGetItems", transactions::transactGetItems);
        streams.put("ListStreams", streamOps::listStreams);
        streams.put("DescribeStream", streamOps::describeStream);
        streams.put("GetShardIterator", streamOps::getShardIterator);
        streams.put("GetRecords", streamOps::getRecords);
    }

    /** Adds an operation (the PartiQL operations register themselves this way). */
    public void register(String operation, Function<JsonNode, ObjectNode> handler) {
        dynamoDb.put(operation, r -> handler.apply(r.node()));
    }

    /**
     * Runs one call.
     *
     * @param service {@code DynamoDB_20120810} or {@code DynamoDBStreams_20120810}
     */
    public ObjectNode call(String service, String operation, JsonNode request) {
        Map<String, Function<Request, ObjectNode>> table = "DynamoDBStreams_20120810".equals(service) ? streams
                : "DynamoDB_20120810".equals(service) ? dynamoDb : Map.of();
        Function<Request, ObjectNode> handler = table.get(operation);
        if (handler == null) {
            throw DynamoDbException.unknownOperation(operation);
        }
        return handler.apply(new Request(request));
    }
}
