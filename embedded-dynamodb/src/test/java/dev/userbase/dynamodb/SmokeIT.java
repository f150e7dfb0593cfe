package dev.userbase.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

class SmokeIT {

    @Test
    void putGetScanStream() {
        long t0 = System.nanoTime();
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start()) {
            System.out.println("started in " + (System.nanoTime() - t0) / 1_000_000 + " ms at " + engine.endpoint());
            DynamoDbClient client = DynamoDbClient.builder().endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
            client.createTable(b -> b.tableName("smoke").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                    .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
            client.putItem(b -> b.tableName("smoke").item(Map.of("pk", AttributeValue.fromS("a"), "n", AttributeValue.fromN("1.50"))));
            var item = client.getItem(b -> b.tableName("smoke").key(Map.of("pk", AttributeValue.fromS("a")))).item();
            assertThat(item.get("n").n()).isEqualTo("1.5");
            assertThat(client.scan(b -> b.tableName("smoke")).count()).isEqualTo(1);
            String arn = client.describeTable(b -> b.tableName("smoke")).table().latestStreamArn();
            DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(engine.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
            var shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0);
            String it = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            var records = streams.getRecords(b -> b.shardIterator(it)).records();
            assertThat(records).hasSize(1);
            assertThat(records.get(0).eventNameAsString()).isEqualTo("INSERT");
            assertThat(records.get(0).dynamodb().newImage().get("n").n()).isEqualTo("1.5");
        }
    }
}
