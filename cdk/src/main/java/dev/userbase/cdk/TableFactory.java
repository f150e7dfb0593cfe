package dev.userbase.cdk;

import java.util.List;

import dev.userbase.core.table.IndexDefinition;
import dev.userbase.core.table.KeyAttribute;
import dev.userbase.core.table.TableDefinition;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * Translates core's {@link TableDefinition} into a CDK table, so the deployed keys, indexes, TTL and
 * stream are exactly the ones the tests and the local stack create. Nothing here names an attribute.
 */
public final class TableFactory {

    private TableFactory() {
    }

    /**
     * An on-demand table with point-in-time recovery and encryption at rest.
     *
     * @param key a customer-managed key, or {@code null} for the AWS-managed DynamoDB key
     */
    public static Table create(Construct scope, String id, TableDefinition definition, IKey key,
            RemovalPolicy removalPolicy, boolean deletionProtection) {
        // Table (AWS::DynamoDB::Table) rather than TableV2 (a global table): a customer-managed key on
        // TableV2 needs a region-specific stack, and this stack is environment-agnostic.
        Table.Builder table = Table.Builder.create(scope, id)
                .partitionKey(attribute(definition.partitionKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .encryption(key == null ? TableEncryption.AWS_MANAGED : TableEncryption.CUSTOMER_MANAGED)
                .deletionProtection(deletionProtection)
                .removalPolicy(removalPolicy);
        if (key != null) {
            table.encryptionKey(key);
        }
        definition.sortKeyAttribute().ifPresent(sk -> table.sortKey(attribute(sk)));
        definition.ttl().ifPresent(table::timeToLiveAttribute);
        definition.stream().ifPresent(view -> table.stream(StreamViewType.valueOf(view.name())));
        Table built = table.build();
        definition.globalSecondaryIndexes().forEach(index -> built.addGlobalSecondaryIndex(index(index)));
        return built;
    }

    static Attribute attribute(KeyAttribute key) {
        AttributeType type = switch (key.type()) {
            case S -> AttributeType.STRING;
            case N -> AttributeType.NUMBER;
            case B -> AttributeType.BINARY;
            default -> throw new IllegalArgumentException("unsupported key type " + key.type() + " of " + key.name());
        };
        return Attribute.builder().name(key.name()).type(type).build();
    }

    static GlobalSecondaryIndexProps index(IndexDefinition index) {
        GlobalSecondaryIndexProps.Builder gsi = GlobalSecondaryIndexProps.builder()
                .indexName(index.name())
                .partitionKey(attribute(index.partitionKey()))
                .projectionType(ProjectionType.valueOf(index.projection().name()));
        if (index.sortKey() != null) {
            gsi.sortKey(attribute(index.sortKey()));
        }
        List<String> nonKey = index.nonKeyAttributes();
        if (!nonKey.isEmpty()) {
            gsi.nonKeyAttributes(nonKey);
        }
        return gsi.build();
    }
}
