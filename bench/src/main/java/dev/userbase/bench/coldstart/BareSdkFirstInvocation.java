package dev.userbase.bench.coldstart;

import java.net.URI;
import java.time.Instant;

import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The baseline: a fresh JVM that builds a DynamoDB client with the same explicit configuration as
 * the handlers' {@code AwsClients} (URL-connection HTTP client, region, environment credentials,
 * endpoint) and writes the PostConfirmation transaction once, with nothing else.
 *
 * <p>usage: {@code BareSdkFirstInvocation <run id>} with USERS_TABLE, AWS_REGION,
 * AWS_ENDPOINT_URL_DYNAMODB and AWS credentials in the environment.
 */
public final class BareSdkFirstInvocation {

    private BareSdkFirstInvocation() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        DynamoDbClient dynamoDb = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .region(Region.of(System.getenv("AWS_REGION")))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .endpointOverride(URI.create(System.getenv("AWS_ENDPOINT_URL_DYNAMODB")))
                .build();
        long constructed = System.nanoTime();
        dynamoDb.transactWriteItems(FirstInvocationItems.confirmation(
                System.getenv("USERS_TABLE"), args[0], "bench-request-" + args[0], Instant.now()));
        long invoked = System.nanoTime();
        System.out.println("TIMING construct_ms=" + (constructed - start) / 1_000_000
                + " invoke_ms=" + (invoked - constructed) / 1_000_000);
        System.exit(0);
    }
}
