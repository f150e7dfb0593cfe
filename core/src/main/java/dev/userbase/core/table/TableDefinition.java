package dev.userbase.core.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * The shape of a DynamoDB table, independent of its deployed name. Tests, the local stack and the
 * CDK stack all build their tables from one of these, so keys and indexes cannot drift apart.
 *
 * @param streamView {@code null} when the table has no stream
 * @param ttlAttribute {@code null} when the table has no TTL
 */
public record TableDefinition(
        KeyAttribute partitionKey,
        KeyAttribute sortKey,
        List<IndexDefinition> globalSecondaryIndexes,
        String ttlAttribute,
        StreamViewType streamView) {

    public TableDefinition {
        Objects.requireNonNull(partitionKey, "partitionKey");
        globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
    }

    public Optional<KeyAttribute> sortKeyAttribute() {
        return Optional.ofNullable(sortKey);
    }

    public Optional<String> ttl() {
        return Optional.ofNullable(ttlAttribute);
    }

    public Optional<StreamViewType> stream() {
        return Optional.ofNullable(streamView);
    }

    public IndexDefinition index(String name) {
        return globalSecondaryIndexes.stream()
                .filter(index -> index.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no index " + name));
    }

    /** Every attribute used in a key of the table or one of its indexes, each once. */
    public List<KeyAttribute> keyAttributes() {
        Map<String, KeyAttribute> all = new LinkedHashMap<>();
        all.put(partitionKey.name(), partitionKey);
        sortKeyAttribute().ifPresent(sk -> all.put(sk.name(), sk));
        for (IndexDefinition index : globalSecondaryIndexes) {
            all.putIfAbsent(index.partitionKey().name(), index.partitionKey());
            if (index.sortKey() != null) {
                all.putIfAbsent(index.sortKey().name(), index.sortKey());
            }
        }
        return List.copyOf(all.values());
    }

    /** An on-demand table with this shape (and its stream, if any). TTL needs {@link #enableTtlRequest}. */
    public CreateTableRequest createTableRequest(String tableName) {
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(keyAttributes().stream()
                        .map(a -> AttributeDefinition.builder().attributeName(a.name()).attributeType(a.type()).build())
                        .toList())
                .keySchema(keySchema(partitionKey, sortKey));
        if (!globalSecondaryIndexes.isEmpty()) {
            request.globalSecondaryIndexes(globalSecondaryIndexes.stream().map(TableDefinition::toGsi).toList());
        }
        stream().ifPresent(view -> request.streamSpecification(
                StreamSpecification.builder().streamEnabled(true).streamViewType(view).build()));
        return request.build();
    }

    public Optional<UpdateTimeToLiveRequest> enableTtlRequest(String tableName) {
        return ttl().map(attribute -> UpdateTimeToLiveRequest.builder()
                .tableName(tableName)
                .timeToLiveSpecification(TimeToLiveSpecification.builder()
                        .attributeName(attribute).enabled(true).build())
                .build());
    }

    /**
     * Creates the table {@code tableName} with this shape and turns its TTL on, as the CDK stack deploys
     * it (for tests, the local stack and benchmarks); returns its description.
     */
    public TableDescription create(DynamoDbClient client, String tableName) {
        TableDescription table = client.createTable(createTableRequest(tableName)).tableDescription();
        enableTtlRequest(tableName).ifPresent(client::updateTimeToLive);
        return table;
    }

    private static GlobalSecondaryIndex toGsi(IndexDefinition index) {
        Projection.Builder projection = Projection.builder().projectionType(index.projection());
        if (!index.nonKeyAttributes().isEmpty()) {
            projection.nonKeyAttributes(index.nonKeyAttributes());
        }
        return GlobalSecondaryIndex.builder()
                .indexName(index.name())
                .keySchema(keySchema(index.partitionKey(), index.sortKey()))
                .projection(projection.build())
                .build();
    }

    private static List<KeySchemaElement> keySchema(KeyAttribute partition, KeyAttribute sort) {
        List<KeySchemaElement> schema = new ArrayList<>();
        schema.add(KeySchemaElement.builder().attributeName(partition.name()).keyType(KeyType.HASH).build());
        if (sort != null) {
            schema.add(KeySchemaElement.builder().attributeName(sort.name()).keyType(KeyType.RANGE).build());
        }
        return schema;
    }
}
