package dev.userbase.dynamodb.sdk;

import java.net.URI;

import dev.userbase.dynamodb.EmbeddedDynamoDb;
import dev.userbase.dynamodb.EmbeddedDynamoDbOptions;
import dev.userbase.dynamodb.fault.Faults;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The engine over HTTP with the AWS SDK v2 clients of it: what the project's tests, its local stack
 * and its benchmarks start, so every one of them talks to the engine as to DynamoDB. One database
 * for every client (credentials and region do not split it); the clients sign with dummy
 * credentials ({@link #CREDENTIALS}) and use the URL-connection HTTP client.
 *
 * <pre>
 * try (LocalDynamoDb db = LocalDynamoDb.start()) {
 *     db.client().createTable(...);
 * }
 * </pre>
 *
 * Needs {@code software.amazon.awssdk:dynamodb} and {@code url-connection-client} on the class path:
 * the engine declares them optional, so its other users do not get the SDK from it.
 */
public final class LocalDynamoDb implements AutoCloseable {

    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";
    /** What the clients sign with; any other AWS client of a test or harness may use them too. */
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

    private final EmbeddedDynamoDb engine;
    private final Region region;
    private final DynamoDbClient client;

    private LocalDynamoDb(EmbeddedDynamoDb engine) {
        this.engine = engine;
        this.region = Region.of(engine.options().region());
        this.client = newClient();
    }

    /** An engine in memory on a free loopback port, with the engine's defaults. */
    public static LocalDynamoDb start() {
        return start(EmbeddedDynamoDbOptions.builder().build());
    }

    /** An engine with these options (port, data directory, region, clock, TTL sweeps...). */
    public static LocalDynamoDb start(EmbeddedDynamoDbOptions options) {
        return new LocalDynamoDb(EmbeddedDynamoDb.start(options));
    }

    /** Where the engine listens, for {@code endpointOverride}. */
    public URI endpoint() {
        return engine.endpoint();
    }

    public int port() {
        return engine.port();
    }

    /** The region the engine reports (in stream records and ARNs) and its clients sign for. */
    public Region region() {
        return region;
    }

    public EmbeddedDynamoDb engine() {
        return engine;
    }

    /** The engine's fault injection, also served over HTTP at {@code <endpoint>/_faults}. */
    public Faults faults() {
        return engine.faults();
    }

    /** Deletes the items past their TTL now, instead of at the next sweep; returns how many. */
    public int sweepExpiredItems() {
        return engine.sweepExpiredItems();
    }

    /** A client of this engine, closed with it. */
    public DynamoDbClient client() {
        return client;
    }

    /**
     * A builder of a client of this engine: endpoint, region, credentials and HTTP client set; add
     * what a test needs (retries, timeouts) before {@code build()}. The caller closes what it builds.
     */
    public DynamoDbClientBuilder clientBuilder() {
        return ofThisEngine(DynamoDbClient.builder());
    }

    /** Another client of this engine, with these interceptors (to count, record or crash its calls); the caller closes it. */
    public DynamoDbClient newClient(ExecutionInterceptor... interceptors) {
        return clientBuilder()
                .overrideConfiguration(c -> {
                    for (ExecutionInterceptor interceptor : interceptors) {
                        c.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
    }

    /** A client of this engine's streams; the caller closes it. */
    public DynamoDbStreamsClient newStreamsClient() {
        return ofThisEngine(DynamoDbStreamsClient.builder()).build();
    }

    /** A client builder with this engine's endpoint, region, credentials and HTTP client set. */
    private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B ofThisEngine(B builder) {
        return builder.endpointOverride(endpoint())
                .region(region)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().build());
    }

    /** Closes {@link #client()} and stops the engine; a durable engine's files are complete when this returns. */
    @Override
    public void close() {
        client.close();
        engine.close();
    }
}
