package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.userbase.core.table.IdempotencyTable;
import dev.userbase.core.table.UsersTable;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;

/**
 * The deployed tables are built from core's definitions: compared here with the create-table
 * request core gives the local stack and the tests, so the two cannot drift.
 */
class TableFactoryTest {

    private static Template template;
    private static Template withKey;

    @BeforeAll
    static void synthesize() {
        template = SynthesizedStack.synthesize("Tables", stack -> {
            TableFactory.create(stack, "Users", UsersTable.DEFINITION, null, RemovalPolicy.DESTROY, false);
            TableFactory.create(stack, "Idempotency", IdempotencyTable.DEFINITION, null, RemovalPolicy.DESTROY, false);
        });
        withKey = SynthesizedStack.synthesize("ProdTables", prod -> {
            Key key = Key.Builder.create(prod, "Key").enableKeyRotation(true).build();
            TableFactory.create(prod, "Users", UsersTable.DEFINITION, key, RemovalPolicy.RETAIN, true);
        });
    }

    @Test
    void usersTable_hasCoresKeysIndexesTtlAndStream() {
        CreateTableRequest local = UsersTable.DEFINITION.createTableRequest("users");
        List<Object> indexes = new ArrayList<>();
        for (GlobalSecondaryIndex gsi : local.globalSecondaryIndexes()) {
            Map<String, Object> projection = gsi.projection().nonKeyAttributes().isEmpty()
                    ? Map.of("ProjectionType", gsi.projection().projectionTypeAsString())
                    : Map.of("ProjectionType", gsi.projection().projectionTypeAsString(),
                            "NonKeyAttributes", gsi.projection().nonKeyAttributes());
            indexes.add(Map.of(
                    "IndexName", gsi.indexName(),
                    "KeySchema", gsi.keySchema().stream()
                            .map(k -> Map.of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
                            .toList(),
                    "Projection", projection));
        }
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", local.keySchema().stream()
                        .map(k -> Map.of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
                        .toList(),
                "AttributeDefinitions", Match.arrayWith(local.attributeDefinitions().stream()
                        .map(a -> (Object) Map.of("AttributeName", a.attributeName(), "AttributeType", a.attributeTypeAsString()))
                        .toList()),
                "GlobalSecondaryIndexes", Match.arrayWith(indexes),
                "StreamSpecification", Map.of("StreamViewType", local.streamSpecification().streamViewTypeAsString()),
                "TimeToLiveSpecification", Map.of("AttributeName", UsersTable.TTL_ATTRIBUTE, "Enabled", true),
                "BillingMode", "PAY_PER_REQUEST"));
        assertThat(template.findResources("AWS::DynamoDB::Table", Match.objectLike(Map.of("Properties",
                Match.objectLike(Map.of("GlobalSecondaryIndexes", Match.anyValue())))))).hasSize(1);
    }

    @Test
    void idempotencyTable_hasThePowertoolsSchemaAndTtlOnExpiration() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", IdempotencyTable.PK, "KeyType", "HASH")),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiration", "Enabled", true),
                "StreamSpecification", Match.absent()));
    }

    @Test
    void everyTable_hasPointInTimeRecoveryAndAwsManagedEncryption_byDefault() {
        template.resourcePropertiesCountIs("AWS::DynamoDB::Table", Map.of(
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "SSESpecification", Map.of("SSEEnabled", true)), 2);
        template.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete"));
    }

    @Test
    void customerKey_andProductionRetention_whenAsked() {
        withKey.hasResource("AWS::DynamoDB::Table", Map.of(
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "DeletionProtectionEnabled", true,
                        "SSESpecification", Map.of(
                                "SSEEnabled", true,
                                "SSEType", "KMS",
                                "KMSMasterKeyId", Map.of("Fn::GetAtt", List.of(
                                        SynthesizedStack.onlyId(withKey, "AWS::KMS::Key"), "Arn")))))));
    }
}
