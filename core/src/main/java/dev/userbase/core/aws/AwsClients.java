package dev.userbase.core.aws;

import java.net.URI;
import java.util.Optional;

import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.storage.RetryPolicy;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SDK clients, built once per container, lazily (a trigger that never calls Cognito never pays for
 * its client), with an explicit HTTP client, region and credentials provider so nothing is
 * discovered at cold start. Modules that need other clients (EventBridge) build them with
 * {@link #configure}. The DynamoDB and Cognito clients retry as the SDK's clients do, except in
 * {@link #forApiFunctions()}.
 */
public final class AwsClients {

    private final UsersConfig config;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient httpClient;
    private final Lazy<DynamoDbClient> dynamoDb;
    private final Lazy<CognitoIdentityProviderClient> cognito;
    /** The API functions' view; null in that view itself. */
    private final Lazy<AwsClients> forApiFunctions;
    /** How the clients {@link #configure} builds retry and end their calls; null: as the SDK does. */
    private final RetryPolicy serviceCalls;

    private AwsClients(UsersConfig config, AwsCredentialsProvider credentials) {
        this.config = config;
        this.credentials = credentials;
        this.httpClient = UrlConnectionHttpClient.builder().build();
        this.serviceCalls = null;
        this.dynamoDb = new Lazy<>(() ->
                configure(DynamoDbClient.builder(), config.endpoints().dynamoDbOverride()).build());
        this.cognito = new Lazy<>(() ->
                configure(CognitoIdentityProviderClient.builder(), config.endpoints().cognitoOverride()).build());
        this.forApiFunctions = new Lazy<>(() ->
                new AwsClients(this, RetryPolicy.apiDynamoDbCalls(), RetryPolicy.apiServiceCalls()));
    }

    /**
     * {@code base}'s HTTP client and credentials, with a DynamoDB client whose calls follow
     * {@code dynamoDbCalls} and every other client (Cognito, those {@link #configure} builds) {@code serviceCalls}.
     */
    private AwsClients(AwsClients base, RetryPolicy dynamoDbCalls, RetryPolicy serviceCalls) {
        this.config = base.config;
        this.credentials = base.credentials;
        this.httpClient = base.httpClient;
        this.serviceCalls = serviceCalls;
        this.dynamoDb = new Lazy<>(() -> connect(DynamoDbClient.builder(), config.endpoints().dynamoDbOverride())
                .overrideConfiguration(c -> limitCalls(c, dynamoDbCalls))
                .build());
        this.cognito = new Lazy<>(() ->
                configure(CognitoIdentityProviderClient.builder(), config.endpoints().cognitoOverride()).build());
        this.forApiFunctions = null;
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

    /**
     * These clients as the API functions use them, built once: the same HTTP client and
     * credentials, and DynamoDB, Cognito and other clients (SES) whose calls end inside the
     * functions' timeout ({@link RetryPolicy#apiDynamoDbCalls()}, {@link RetryPolicy#apiServiceCalls()}). Every API
     * function gets its clients here, in Lambda and in the local stack alike, so one setting decides
     * how long an API request may spend on a throttled or silent service; the triggers and the
     * stream consumers keep the SDK's retries.
     */
    public AwsClients forApiFunctions() {
        return forApiFunctions == null ? this : forApiFunctions.get();
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

    /**
     * Applies this container's HTTP client, region, credentials and (if any) endpoint to a client
     * builder, and in {@link #forApiFunctions()}'s view {@link RetryPolicy#apiServiceCalls()}'s
     * attempts and call timeout.
     */
    public <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C>
            B configure(B builder, Optional<URI> endpoint) {
        connect(builder, endpoint);
        if (serviceCalls != null) {
            builder.overrideConfiguration(c -> limitCalls(c, serviceCalls));
        }
        return builder;
    }

    private <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C>
            B connect(B builder, Optional<URI> endpoint) {
        builder.httpClient(httpClient)
                .region(Region.of(config.region()))
                .credentialsProvider(credentials);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    /**
     * The SDK's standard retry conditions (throttling, 5xx, transport errors) with {@code calls}'
     * attempts and backoff, throttled or not, and its budget as the call timeout: the SDK ends the
     * call, an attempt in flight included, once the budget is spent.
     */
    static void limitCalls(ClientOverrideConfiguration.Builder override, RetryPolicy calls) {
        BackoffStrategy backoff = calls::backoffAfter;
        override.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(calls.maxAttempts())
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                .build());
        calls.budget().ifPresent(override::apiCallTimeout);
    }
}
