package dev.userbase.core.paging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Runs one page of a DynamoDB query with a signed cursor. It asks for one item more than the page
 * holds, so the last page never advertises a next cursor that leads to an empty page.
 */
public final class PagedQuery {

    private final DynamoDbClient dynamoDb;
    private final CursorCodec cursors;

    public PagedQuery(DynamoDbClient dynamoDb, CursorCodec cursors) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
    }

    /**
     * @param query the query without {@code Limit} and {@code ExclusiveStartKey} (and no filter)
     * @param binding what identifies this query among all others (see {@link CursorCodec})
     * @param keyAttributes the table's key attributes plus, for an index, the index's: what a
     *     DynamoDB {@code LastEvaluatedKey} holds for this query
     * @throws dev.userbase.core.error.InvalidInputException the cursor is not one issued for this query
     */
    public Page<Map<String, AttributeValue>> page(QueryRequest query, String binding, Set<String> keyAttributes,
            PageRequest page) {
        QueryRequest.Builder request = query.toBuilder().limit(page.limit() + 1);
        page.cursorValue().ifPresent(cursor -> request.exclusiveStartKey(cursors.decode(binding, cursor, keyAttributes)));
        QueryResponse response = dynamoDb.query(request.build());
        List<Map<String, AttributeValue>> items = response.items();
        if (items.size() > page.limit()) {
            List<Map<String, AttributeValue>> pageItems = items.subList(0, page.limit());
            return new Page<>(pageItems, cursors.encode(binding, keyOf(pageItems.get(page.limit() - 1), keyAttributes)));
        }
        if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()) {
            // DynamoDB stopped early (1 MB read): continue where it stopped
            return new Page<>(items, cursors.encode(binding, response.lastEvaluatedKey()));
        }
        return new Page<>(items, null);
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item, Set<String> keyAttributes) {
        Map<String, AttributeValue> key = new HashMap<>();
        for (String attribute : keyAttributes) {
            AttributeValue value = item.get(attribute);
            if (value == null) {
                throw new IllegalStateException("query result without its key attribute " + attribute);
            }
            key.put(attribute, value);
        }
        return key;
    }
}
