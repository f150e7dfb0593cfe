package dev.userbase.core.storage;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * One DynamoDB table as the stores use it: typed reads and writes whose expressions come from
 * {@link Condition}, {@link UpdateExpression}, {@link KeyCondition} and {@link Projection}, so the
 * request text and its placeholders are made in one place. Single-item reads are strongly
 * consistent (a caller acting on a read must see the latest write). Conditional writes always ask
 * for the old item on failure ({@code ALL_OLD}), so a caller can say why without reading again; a
 * failed condition surfaces as the SDK's {@code ConditionalCheckFailedException} (its
 * {@code item()} holds that image), which the stores turn into typed outcomes.
 */
public final class Table {

    /** BatchGetItem takes at most 100 keys. */
    public static final int MAX_BATCH_KEYS = 100;

    private final DynamoDbClient dynamoDb;
    private final String name;
    private final RetryPolicy unprocessed;

    public Table(DynamoDbClient dynamoDb, String name) {
        this(dynamoDb, name, RetryPolicy.unprocessedItems());
    }

    public Table(DynamoDbClient dynamoDb, String name, RetryPolicy unprocessed) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.name = Objects.requireNonNull(name, "name");
        this.unprocessed = Objects.requireNonNull(unprocessed, "unprocessed");
    }

    public String name() {
        return name;
    }

    /** The client, for the transaction runner and the rare caller that needs the raw API. */
    public DynamoDbClient client() {
        return dynamoDb;
    }

    // ---- reads

    public Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key) {
        return item(dynamoDb.getItem(GetItemRequest.builder().tableName(name).key(key).consistentRead(true).build()).item());
    }

    public Optional<Map<String, AttributeValue>> get(Map<String, AttributeValue> key, Projection projection) {
        Placeholders p = new Placeholders();
        String expression = projection.render(p);
        return item(dynamoDb.getItem(GetItemRequest.builder().tableName(name).key(key).consistentRead(true)
                .projectionExpression(expression).expressionAttributeNames(p.names()).build()).item());
    }

    public <T> Optional<T> get(Map<String, AttributeValue> key, Function<Map<String, AttributeValue>, T> mapper) {
        return get(key).map(mapper);
    }

    /** An eventually consistent read (half the capacity), for what nothing acts on at once: a public view. */
    public Optional<Map<String, AttributeValue>> getEventuallyConsistent(Map<String, AttributeValue> key) {
        return item(dynamoDb.getItem(GetItemRequest.builder().tableName(name).key(key).consistentRead(false).build()).item());
    }

    /**
     * Reads many items by key (any number: sent 100 at a time), retrying unprocessed keys under
     * the table's policy; items that do not exist are simply absent from the result.
     *
     * @throws UserServiceException UNAVAILABLE when keys stay unprocessed after the retries
     */
    public List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys, Projection projection) {
        return batchGet(keys, projection, true);
    }

    /**
     * As {@link #batchGet(List, Projection)}, with eventually consistent reads (half the read
     * cost) where a list may show a change a moment late.
     */
    public List<Map<String, AttributeValue>> batchGetEventuallyConsistent(List<Map<String, AttributeValue>> keys,
            Projection projection) {
        return batchGet(keys, projection, false);
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys, Projection projection,
            boolean consistent) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int start = 0; start < keys.size(); start += MAX_BATCH_KEYS) {
            List<Map<String, AttributeValue>> chunk = keys.subList(start, Math.min(keys.size(), start + MAX_BATCH_KEYS));
            KeysAndAttributes.Builder request = KeysAndAttributes.builder().keys(chunk).consistentRead(consistent);
            if (projection != null) {
                Placeholders p = new Placeholders();
                request.projectionExpression(projection.render(p)).expressionAttributeNames(p.names());
            }
            AtomicReference<Map<String, KeysAndAttributes>> pending = new AtomicReference<>(Map.of(name, request.build()));
            unprocessed.run(attempt -> {
                BatchGetItemResponse response = dynamoDb.batchGetItem(
                        BatchGetItemRequest.builder().requestItems(pending.get()).build());
                items.addAll(response.responses().getOrDefault(name, List.of()));
                pending.set(response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of());
                return pending.get().isEmpty() ? Optional.of(Boolean.TRUE) : Optional.empty();
            }, () -> new UserServiceException(ErrorKind.UNAVAILABLE, "The user directory is busy; please try again"));
        }
        return items;
    }

    public Page query(Query query) {
        QueryResponse response = dynamoDb.query(queryRequest(query, true).build());
        return new Page(response.items(), response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : Map.of());
    }

    /** The request {@code query} sends, for a caller that pages it itself (the API's opaque cursors). */
    public QueryRequest request(Query query) {
        return queryRequest(query, true).build();
    }

    /**
     * How many items the query matches ({@code Select COUNT}, page after page: no item comes back,
     * the read costs what reading the items would). The query's projection is not sent: DynamoDB
     * takes none with a count.
     */
    public long count(Query query) {
        long total = 0;
        Query next = query;
        while (true) {
            QueryResponse response = dynamoDb.query(queryRequest(next, false).select(Select.COUNT).build());
            total += response.count();
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                return total;
            }
            next = query.startAfter(response.lastEvaluatedKey());
        }
    }

    private QueryRequest.Builder queryRequest(Query query, boolean withProjection) {
        Placeholders p = new Placeholders();
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(name)
                .keyConditionExpression(query.key.render(p))
                .scanIndexForward(query.forward);
        if (query.index != null) {
            request.indexName(query.index);
        } else {
            request.consistentRead(query.consistent);
        }
        query.read.applyTo(p, request::filterExpression, withProjection ? request::projectionExpression : null,
                request::limit, request::exclusiveStartKey);
        bind(p, request::expressionAttributeNames, request::expressionAttributeValues);
        return request;
    }

    /** Every item the query matches, page after page, read lazily. */
    public Iterable<Map<String, AttributeValue>> queryAll(Query query) {
        return () -> new Iterator<>() {
            private Page page = query(query);
            private int next;

            @Override
            public boolean hasNext() {
                while (next >= page.items().size() && page.hasMore()) {
                    page = query(query.startAfter(page.lastEvaluatedKey()));
                    next = 0;
                }
                return next < page.items().size();
            }

            @Override
            public Map<String, AttributeValue> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.items().get(next++);
            }
        };
    }

    public Page scan(Scan scan) {
        Placeholders p = new Placeholders();
        ScanRequest.Builder request = ScanRequest.builder().tableName(name).consistentRead(true);
        if (scan.totalSegments > 1) {
            request.segment(scan.segment).totalSegments(scan.totalSegments);
        }
        scan.read.applyTo(p, request::filterExpression, request::projectionExpression, request::limit,
                request::exclusiveStartKey);
        bind(p, request::expressionAttributeNames, request::expressionAttributeValues);
        ScanResponse response = dynamoDb.scan(request.build());
        return new Page(response.items(), response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : Map.of());
    }

    // ---- single-item writes

    public void put(Map<String, AttributeValue> item) {
        dynamoDb.putItem(PutItemRequest.builder().tableName(name).item(item).build());
    }

    /** Writes {@code item} if {@code condition} holds; throws {@code ConditionalCheckFailedException} if not. */
    public void put(Map<String, AttributeValue> item, Condition condition) {
        dynamoDb.putItem(putRequest(item, condition));
    }

    public PutItemRequest putRequest(Map<String, AttributeValue> item, Condition condition) {
        PutItemRequest.Builder request = PutItemRequest.builder().tableName(name).item(item);
        bindCondition(condition, expression -> request.conditionExpression(expression)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD),
                request::expressionAttributeNames, request::expressionAttributeValues);
        return request.build();
    }

    /**
     * Applies {@code update} if {@code condition} (null: none) holds.
     *
     * @return the attributes {@code returnValue} asks for (empty for {@code NONE})
     */
    public Map<String, AttributeValue> update(Map<String, AttributeValue> key, UpdateExpression update,
            Condition condition, ReturnValue returnValue) {
        Map<String, AttributeValue> attributes = dynamoDb.updateItem(updateRequest(key, update, condition, returnValue))
                .attributes();
        return attributes == null ? Map.of() : attributes;
    }

    public void update(Map<String, AttributeValue> key, UpdateExpression update, Condition condition) {
        update(key, update, condition, ReturnValue.NONE);
    }

    public UpdateItemRequest updateRequest(Map<String, AttributeValue> key, UpdateExpression update,
            Condition condition, ReturnValue returnValue) {
        Placeholders p = new Placeholders();
        UpdateItemRequest.Builder request = UpdateItemRequest.builder()
                .tableName(name)
                .key(key)
                .updateExpression(update.render(p))
                .returnValues(returnValue);
        if (condition != null) {
            request.conditionExpression(condition.render(p))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        }
        bind(p, request::expressionAttributeNames, request::expressionAttributeValues);
        return request.build();
    }

    /** Deletes the item if {@code condition} (null: none) holds; returns its old image if it existed. */
    public Optional<Map<String, AttributeValue>> delete(Map<String, AttributeValue> key, Condition condition) {
        DeleteItemRequest.Builder request = DeleteItemRequest.builder().tableName(name).key(key)
                .returnValues(ReturnValue.ALL_OLD);
        bindCondition(condition, expression -> request.conditionExpression(expression)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD),
                request::expressionAttributeNames, request::expressionAttributeValues);
        return item(dynamoDb.deleteItem(request.build()).attributes());
    }

    // ---- transaction items (written with TransactionRunner)

    public TransactWriteItem putItem(Map<String, AttributeValue> item, Condition condition) {
        Put.Builder put = Put.builder().tableName(name).item(item)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        bindCondition(condition, put::conditionExpression, put::expressionAttributeNames, put::expressionAttributeValues);
        return TransactWriteItem.builder().put(put.build()).build();
    }

    public TransactWriteItem updateItem(Map<String, AttributeValue> key, UpdateExpression update, Condition condition) {
        Placeholders p = new Placeholders();
        Update.Builder builder = Update.builder().tableName(name).key(key)
                .updateExpression(update.render(p))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (condition != null) {
            builder.conditionExpression(condition.render(p));
        }
        bind(p, builder::expressionAttributeNames, builder::expressionAttributeValues);
        return TransactWriteItem.builder().update(builder.build()).build();
    }

    public TransactWriteItem deleteItem(Map<String, AttributeValue> key, Condition condition) {
        Delete.Builder delete = Delete.builder().tableName(name).key(key)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        bindCondition(condition, delete::conditionExpression, delete::expressionAttributeNames,
                delete::expressionAttributeValues);
        return TransactWriteItem.builder().delete(delete.build()).build();
    }

    public TransactWriteItem conditionCheck(Map<String, AttributeValue> key, Condition condition) {
        Placeholders p = new Placeholders();
        ConditionCheck.Builder check = ConditionCheck.builder().tableName(name).key(key)
                .conditionExpression(condition.render(p))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        bind(p, check::expressionAttributeNames, check::expressionAttributeValues);
        return TransactWriteItem.builder().conditionCheck(check.build()).build();
    }

    /**
     * Puts the placeholders on a request, leaving out an empty map (DynamoDB refuses empty
     * ExpressionAttributeNames or ExpressionAttributeValues).
     */
    private static void bind(Placeholders p, Consumer<Map<String, String>> names,
            Consumer<Map<String, AttributeValue>> values) {
        Map<String, String> boundNames = p.names();
        if (!boundNames.isEmpty()) {
            names.accept(boundNames);
        }
        Map<String, AttributeValue> boundValues = p.values();
        if (!boundValues.isEmpty()) {
            values.accept(boundValues);
        }
    }

    /** Puts {@code condition} (null: none, and nothing is put) and its placeholders on a request. */
    private static void bindCondition(Condition condition, Consumer<String> conditionExpression,
            Consumer<Map<String, String>> names, Consumer<Map<String, AttributeValue>> values) {
        if (condition != null) {
            Placeholders p = new Placeholders();
            conditionExpression.accept(condition.render(p));
            bind(p, names, values);
        }
    }

    private static Optional<Map<String, AttributeValue>> item(Map<String, AttributeValue> item) {
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }
}
