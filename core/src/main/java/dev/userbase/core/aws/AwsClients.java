package dev.userbase.core.aws;

import java.net.URI;
import java.util.Optional;

import dev.userbase.core.config.UsersConfig;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SDK clients, built once per container, lazily (a trigger that never calls Cognito never pays for
 * its client), with an explicit HTTP client, region and credentials provider so nothing is
 * discovered at cold start. Modules that need other clients (EventBridge) build them with
 * {@link #configure}.
 */
public final class AwsClients {

    private final UsersConfig config;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient httpClient;
    private final Lazy<DynamoDbClient> dynamoDb;
    private final Lazy<CognitoIdentityProviderClient> cognito;

    private AwsClients(UsersConfig config, AwsCredentialsProvider credentials) {
        this.config = config;
        this.credentials = credentials;
        this.httpClient = UrlConnectionHttpClient.builder().build();
        this.dynamoDb = new Lazy<>(() ->
                configure(DynamoDbClient.builder(), config.endpoints().dynamoDbOverride()).build());
        this.cognito = new Lazy<>(() ->
                configure(CognitoIdentityProviderClient.builder(), config.endpoints().cognitoOverride()).build());
    }

    /** Clients for Lambda: credentials from the function's environment variables. */
    public static AwsClients create(UsersConfig config) {
        AwsCredentialsProvider provider = System.getenv("AWS_ACCESS_KEY_ID") != null
                ? EnvironmentVariableCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
        return new AwsClients(config, provider);
    }

    /** Clients with the given credentials (local stack, tests). */
    public static AwsClients create(UsersConfig config, AwsCredentialsProvider credentials) {
        return new AwsClients(config, credentials);
    }

    public UsersConfig config() {
        return config;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    public CognitoIdentityProviderClient cognito() {
        return cognito.get();
    }

    /** Applies this container's HTTP client, region, credentials and (if any) endpoint to a client builder. */
    public <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C>
            B configure(B builder, Optional<URI> endpoint) {
        builder.httpClient(httpClient)
                .region(Region.of(config.region()))
                .credentialsProvider(credentials);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }
}
