package dev.userbase.bench.support;

import java.net.URI;

import dev.userbase.core.table.TableDefinition;
import dev.userbase.dynamodb.EmbeddedDynamoDb;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A local DynamoDB for a benchmark: the project's embedded engine in this JVM, in memory, over HTTP
 * on a free loopback port, so the measured processes talk to it exactly as to DynamoDB.
 */
public final class LocalDynamoDb implements AutoCloseable {

    public static final String ACCESS_KEY = "bench";
    public static final String SECRET_KEY = "bench";
    public static final String REGION = "us-east-1";

    private final EmbeddedDynamoDb engine;
    private final DynamoDbClient client;

    private LocalDynamoDb(EmbeddedDynamoDb engine) {
        this.engine = engine;
        this.client = newClient();
    }

    public static LocalDynamoDb start() {
        return new LocalDynamoDb(EmbeddedDynamoDb.start());
    }

    /** Creates {@code name} from a definition the deployment uses too. */
    public void createTable(TableDefinition definition, String name) {
        client.createTable(definition.createTableRequest(name));
        definition.enableTtlRequest(name).ifPresent(client::updateTimeToLive);
    }

    public URI endpoint() {
        return engine.endpoint();
    }

    public DynamoDbClient client() {
        return client;
    }

    /** Another client of this server, with the given interceptors (to count or record its calls). */
    public DynamoDbClient newClient(ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .endpointOverride(engine.endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.builder().build())
                .overrideConfiguration(c -> {
                    for (ExecutionInterceptor interceptor : interceptors) {
                        c.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
    }

    /** A client of this server's streams (one shard per table: the engine rolls shards over only when told to). */
    public DynamoDbStreamsClient newStreamsClient() {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(engine.endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    /** The credentials this server's clients sign with (any other AWS client of the harness may use them too). */
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    @Override
    public void close() {
        client.close();
        engine.close();
    }
}
