package dev.userbase.local.dynamodb;

import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import dev.userbase.core.table.TableDefinition;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB Local in this process, over HTTP on one address: one database for every client
 * ({@code -sharedDb}, so credentials and region do not split it), kept in a directory or in memory.
 */
public final class LocalDynamoDb implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(LocalDynamoDb.class);
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    /** DynamoDB Local's SDK v1 warns through java.util.logging about things that do not matter here (JAXB). */
    private static final java.util.logging.Logger SDK_V1_LOG = java.util.logging.Logger.getLogger("com.amazonaws");

    static {
        SDK_V1_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private final Region region;
    private final DynamoDbClient client;

    private LocalDynamoDb(DynamoDBProxyServer server, URI endpoint, Region region) {
        this.server = server;
        this.endpoint = endpoint;
        this.region = region;
        this.client = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    /**
     * Starts the server.
     *
     * @param port 0 for any free port
     * @param dataDirectory where the database file lives; empty to keep it in memory
     */
    public static LocalDynamoDb start(String host, int port, Optional<Path> dataDirectory, Region region) throws Exception {
        String nativeDir = System.getProperty("sqlite4java.library.path");
        if (nativeDir == null || !Files.isDirectory(Path.of(nativeDir))) {
            throw new IllegalStateException("sqlite4java.library.path must name the directory holding "
                    + "libsqlite4java-linux-amd64.so (the build copies it to local/target/native-libs); got " + nativeDir);
        }
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port == 0 ? 8000 : port), // the connector gets the real port below
                "-sharedDb", "-disableTelemetry"));
        if (dataDirectory.isPresent()) {
            Files.createDirectories(dataDirectory.get());
            args.addAll(List.of("-dbPath", dataDirectory.get().toString()));
        } else {
            args.add("-inMemory");
        }
        DynamoDBProxyServer server;
        // It prints its configuration to stdout; the stack reports what matters itself.
        java.io.PrintStream console = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        } finally {
            System.setOut(console);
        }
        ServerConnector connector = connector(server);
        // DynamoDB Local listens on every interface by default; the local stack keeps to loopback.
        connector.setHost(host);
        connector.setPort(port);
        server.start();
        URI endpoint = URI.create("http://" + host + ":" + connector.getLocalPort());
        return new LocalDynamoDb(server, endpoint, region);
    }

    private static ServerConnector connector(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                return serverConnector;
            }
        }
        throw new IllegalStateException("DynamoDB Local has no network connector");
    }

    public URI endpoint() {
        return endpoint;
    }

    public DynamoDbClient client() {
        return client;
    }

    public DynamoDbStreamsClient newStreamsClient() {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().build())
                .build();
    }

    /**
     * Creates each table that does not exist yet (with its TTL); an existing table whose indexes differ
     * from its definition is reported, since DynamoDB cannot change a table's keys in place.
     *
     * @return the tables' descriptions
     */
    public Map<String, TableDescription> ensureTables(Map<String, TableDefinition> tables) {
        Map<String, TableDescription> described = new java.util.LinkedHashMap<>();
        // ListTables first: DynamoDB Local logs a stack trace for every DescribeTable of a missing table.
        Set<String> existing = new java.util.HashSet<>(client.listTablesPaginator().tableNames().stream().toList());
        for (Map.Entry<String, TableDefinition> entry : tables.entrySet()) {
            String name = entry.getKey();
            TableDefinition definition = entry.getValue();
            TableDescription table;
            if (existing.contains(name)) {
                table = client.describeTable(r -> r.tableName(name)).table();
                checkIndexes(name, definition, table);
            } else {
                table = client.createTable(definition.createTableRequest(name)).tableDescription();
                definition.enableTtlRequest(name).ifPresent(client::updateTimeToLive);
                LOG.debug("created table {}", name);
            }
            described.put(name, table);
        }
        return described;
    }

    private static void checkIndexes(String name, TableDefinition definition, TableDescription table) {
        Set<String> expected = definition.globalSecondaryIndexes().stream().map(i -> i.name()).collect(Collectors.toSet());
        Set<String> actual = table.hasGlobalSecondaryIndexes()
                ? table.globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toSet())
                : Set.of();
        if (!expected.equals(actual)) {
            LOG.warn("table {} has indexes {} but its definition has {}: start with --reset to recreate the data",
                    name, actual, expected);
        }
    }

    @Override
    public void close() {
        client.close();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping DynamoDB Local: {}", e.toString());
        }
    }
}
