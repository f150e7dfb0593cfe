package dev.userbase.bench.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import dev.userbase.core.table.TableDefinition;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB Local for a benchmark: in this JVM, in memory, over HTTP on a free port, so the
 * measured processes talk to it exactly as to DynamoDB. Needs {@code -Dsqlite4java.library.path}
 * (the build copies the library to {@code bench/target/native-libs}).
 */
public final class LocalDynamoDb implements AutoCloseable {

    public static final String ACCESS_KEY = "bench";
    public static final String SECRET_KEY = "bench";
    public static final String REGION = "us-east-1";

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private final DynamoDbClient client;

    private LocalDynamoDb(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
        this.client = newClient();
    }

    public static LocalDynamoDb start() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {
            "-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
        server.start();
        return new LocalDynamoDb(server, URI.create("http://127.0.0.1:" + port));
    }

    /** Creates {@code name} from a definition the deployment uses too. */
    public void createTable(TableDefinition definition, String name) {
        client.createTable(definition.createTableRequest(name));
        definition.enableTtlRequest(name).ifPresent(client::updateTimeToLive);
    }

    public URI endpoint() {
        return endpoint;
    }

    public DynamoDbClient client() {
        return client;
    }

    /** Another client of this server, with the given interceptors (to count or record its calls). */
    public DynamoDbClient newClient(ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
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

    /** A client of this server's streams (one shard per table in DynamoDB Local). */
    public DynamoDbStreamsClient newStreamsClient() {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
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
    public void close() throws IOException {
        client.close();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IOException("could not stop DynamoDB Local", e);
        }
    }
}
