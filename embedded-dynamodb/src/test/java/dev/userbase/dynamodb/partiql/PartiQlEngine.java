package dev.userbase.dynamodb.partiql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import dev.userbase.dynamodb.EmbeddedDynamoDb;
import dev.userbase.dynamodb.TestClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * An engine with the tables the PartiQL ITs use, and an SDK client that never retries:
 * {@code hash} (pk S), {@code hashN} (pk N), and {@code composite} (pk S, sk S) with a local index
 * {@code lsi1} on lsi1sk (KEYS_ONLY) and global ones {@code gsi1} on lsi1sk (ALL) and {@code gsi2} on
 * lsi1sk (INCLUDE data).
 */
final class PartiQlEngine implements AutoCloseable {

    static final String HASH = "hash";
    static final String HASH_N = "hashN";
    static final String COMPOSITE = "composite";

    final EmbeddedDynamoDb engine = EmbeddedDynamoDb.start();
    final DynamoDbClient client = TestClients.dynamoDbNoRetries(engine.endpoint());

    PartiQlEngine() {
        client.createTable(b -> b.tableName(HASH).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S)).keySchema(key("pk", KeyType.HASH)));
        client.createTable(b -> b.tableName(HASH_N).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.N)).keySchema(key("pk", KeyType.HASH)));
        client.createTable(b -> b.tableName(COMPOSITE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.S),
                        attribute("lsi1sk", ScalarAttributeType.S))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .localSecondaryIndexes(l -> l.indexName("lsi1").keySchema(key("pk", KeyType.HASH), key("lsi1sk", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)))
                .globalSecondaryIndexes(g -> g.indexName("gsi1").keySchema(key("lsi1sk", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)),
                        g -> g.indexName("gsi2").keySchema(key("lsi1sk", KeyType.HASH))
                                .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("data"))));
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    ExecuteStatementResponse run(String statement, AttributeValue... parameters) {
        return client.executeStatement(b -> {
            b.statement(statement);
            if (parameters.length > 0) {
                b.parameters(parameters);
            }
        });
    }

    /** BatchExecuteStatement of these statements, without parameters. */
    BatchExecuteStatementResponse batch(String... statements) {
        List<BatchStatementRequest> requests = new ArrayList<>();
        for (String statement : statements) {
            requests.add(BatchStatementRequest.builder().statement(statement).build());
        }
        return client.batchExecuteStatement(b -> b.statements(requests));
    }

    /** The statements of an ExecuteTransaction, without parameters. */
    static List<ParameterizedStatement> statements(String... statements) {
        List<ParameterizedStatement> list = new ArrayList<>();
        for (String statement : statements) {
            list.add(ParameterizedStatement.builder().statement(statement).build());
        }
        return list;
    }

    void put(String table, Map<String, AttributeValue> item) {
        client.putItem(b -> b.tableName(table).item(item));
    }

    Map<String, AttributeValue> get(String table, Map<String, AttributeValue> key) {
        var response = client.getItem(b -> b.tableName(table).key(key).consistentRead(true));
        return response.hasItem() ? response.item() : null;
    }

    /** The error a call ends in: its error code (the SDK's {@code __type}) and message. */
    static DynamoDbException failure(ThrowingCallable call) {
        DynamoDbException e = catchThrowableOfType(DynamoDbException.class, call);
        assertThat(e).as("the call fails").isNotNull();
        return e;
    }

    /** As {@link #failure(ThrowingCallable)}, and asserts the error code is {@code code}. */
    static DynamoDbException failure(String code, ThrowingCallable call) {
        DynamoDbException e = failure(call);
        assertThat(code(e)).isEqualTo(code);
        return e;
    }

    static String code(DynamoDbException e) {
        return e.awsErrorDetails().errorCode();
    }

    static String message(DynamoDbException e) {
        return e.awsErrorDetails().errorMessage();
    }

    @Override
    public void close() {
        client.close();
        engine.close();
    }
}
