package dev.userbase.core.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One DynamoDB Local server per test JVM, in-process, spoken to over HTTP by the real AWS SDK (so
 * requests are marshalled, signed and answered exactly as against DynamoDB). Started on first use
 * on a free port, in memory; stopped by a shutdown hook because its threads are not daemons.
 */
public final class DynamoDbLocal {

    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    public static final Region REGION = Region.US_EAST_1;

    private static DynamoDbLocal shared;

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocal(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** The JVM's server, started on first call. */
    public static synchronized DynamoDbLocal shared() {
        if (shared == null) {
            shared = start();
            DynamoDbLocal started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "dynamodb-local-stop"));
        }
        return shared;
    }

    private static DynamoDbLocal start() {
        requireNativeLibrary();
        int port = freePort();
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {
                "-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
            server.start();
            return new DynamoDbLocal(server, URI.create("http://127.0.0.1:" + port));
        } catch (Exception e) {
            throw new IllegalStateException("could not start DynamoDB Local", e);
        }
    }

    private static void requireNativeLibrary() {
        String dir = System.getProperty("sqlite4java.library.path");
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException("sqlite4java.library.path must name the directory holding "
                    + "libsqlite4java-linux-amd64.so (the build copies it to target/native-libs); got " + dir);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public DynamoDbClient newClient() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    public DynamoDbStreamsClient newStreamsClient() {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    private void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            // the JVM is exiting; nothing useful to do
        }
    }
}
