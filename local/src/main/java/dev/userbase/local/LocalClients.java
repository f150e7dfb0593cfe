package dev.userbase.local;

import java.net.URI;

import dev.userbase.dynamodb.sdk.LocalDynamoDb;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * SDK clients of the stack's endpoints (cognito-local, the engine, the local AWS APIs), as the
 * stack, its CLI and its tests build them: the local credentials and the URL-connection HTTP
 * client the functions use. The caller closes what it builds.
 */
public final class LocalClients {

    private LocalClients() {
    }

    /** A client of {@code endpoint} signing for {@code region}, from {@code builder} ({@code XxxClient.builder()}). */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C of(B builder, URI endpoint,
            Region region) {
        return builder.endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(LocalDynamoDb.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    /** A client of {@code endpoint} in the stack's default region, us-east-1. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C of(B builder, URI endpoint) {
        return of(builder, endpoint, Region.US_EAST_1);
    }
}
