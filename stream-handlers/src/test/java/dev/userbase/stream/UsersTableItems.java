package dev.userbase.stream;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.testing.LocalTables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The users table of a test's {@link LocalTables}, item by item: the plain writes a stream test arranges
 * its records with, and the consistent reads it checks the handlers' writes with.
 */
final class UsersTableItems {

    private final LocalTables tables;

    UsersTableItems(LocalTables tables) {
        this.tables = tables;
    }

    /** The item at {@code key} (empty when there is none), read consistently. */
    Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        return tables.item(key);
    }

    void put(Map<String, AttributeValue> item) {
        tables.users().put(item);
    }

    void delete(Map<String, AttributeValue> key) {
        tables.dynamoDb().deleteItem(DeleteItemRequest.builder().tableName(tables.usersTable()).key(key).build());
    }

    /** The audit trail of {@code userId}, oldest first, read consistently. */
    List<AuditEntry> audit(String userId) {
        return tables.dynamoDb().query(QueryRequest.builder().tableName(tables.usersTable())
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(AuditEntry.partitionKey(userId))))
                        .consistentRead(true).build())
                .items().stream().map(AuditEntry::fromItem).toList();
    }

    /** The event ids of the audit entries written about these users. */
    Set<String> auditedEventIds(List<String> users) {
        Set<String> ids = new LinkedHashSet<>();
        users.forEach(user -> audit(user).forEach(entry -> ids.add(entry.eventId())));
        return ids;
    }
}
