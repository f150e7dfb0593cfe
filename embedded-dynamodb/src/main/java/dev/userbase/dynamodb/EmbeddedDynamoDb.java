package dev.userbase.dynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import dev.userbase.dynamodb.fault.Faults;
import dev.userbase.dynamodb.http.WireServer;
import dev.userbase.dynamodb.ops.Operations;
import dev.userbase.dynamodb.partiql.PartiQl;
import dev.userbase.dynamodb.persist.DurableJournal;
import dev.userbase.dynamodb.persist.Journal;
import dev.userbase.dynamodb.streams.StreamSettings;
import dev.userbase.dynamodb.table.Database;
import dev.userbase.dynamodb.ttl.TtlSweeper;

/**
 * An open, pure-Java DynamoDB and DynamoDB Streams: the JSON 1.0 wire protocol on a loopback port,
 * so the AWS SDKs work against it unchanged.
 *
 * <pre>
 * try (EmbeddedDynamoDb db = EmbeddedDynamoDb.start(EmbeddedDynamoDbOptions.builder().build())) {
 *     DynamoDbClient client = DynamoDbClient.builder().endpointOverride(db.endpoint())...build();
 * }
 * </pre>
 *
 * In memory unless given a data directory; then every acknowledged write survives the process being
 * killed. {@link #faults()} makes chosen calls fail, for reliability tests.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private final Database database;
    private final WireServer server;
    private final TtlSweeper ttl;
    private final Faults faults;
    private final EmbeddedDynamoDbOptions options;

    private EmbeddedDynamoDb(EmbeddedDynamoDbOptions options, Database database, WireServer server, TtlSweeper ttl,
            Faults faults) {
        this.options = options;
        this.database = database;
        this.server = server;
        this.ttl = ttl;
        this.faults = faults;
    }

    /** Starts an engine in memory on a free loopback port. */
    public static EmbeddedDynamoDb start() {
        return start(EmbeddedDynamoDbOptions.builder().build());
    }

    public static EmbeddedDynamoDb start(EmbeddedDynamoDbOptions options) {
        Clock clock = options.clock();
        StreamSettings streams = new StreamSettings(options.recordsPerShard(), options.shardLifetime().toMillis());
        Database database = new Database(clock, options.region(), streams, Journal.NONE);
        try {
            Optional<Path> directory = options.dataDirectory();
            if (directory.isPresent()) {
                database.journal(DurableJournal.open(directory.get(), database, options.syncWrites()));
            }
            Faults faults = new Faults();
            Operations operations = new Operations(database, options.transactionWindow(), options.host());
            PartiQl.register(operations);
            WireServer server = new WireServer(options.host(), options.port(), operations, faults, options.region());
            TtlSweeper ttl = new TtlSweeper(database, clock, options.ttlInterval(), options.ttlDelay());
            return new EmbeddedDynamoDb(options, database, server, ttl, faults);
        } catch (IOException e) {
            try {
                database.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("could not start the embedded DynamoDB on " + options.host() + ":"
                    + options.port(), e);
        }
    }

    /** Where the engine listens, for {@code endpointOverride}: {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        return server.endpoint();
    }

    public int port() {
        return server.endpoint().getPort();
    }

    /** The fault-injection controls (also served over HTTP at {@code /_faults}). */
    public Faults faults() {
        return faults;
    }

    public EmbeddedDynamoDbOptions options() {
        return options;
    }

    /** Deletes the items past their TTL now, instead of at the next sweep; returns how many. */
    public int sweepExpiredItems() {
        return ttl.sweep();
    }

    /** Stops the server and every thread; a durable engine's files are complete when this returns. */
    @Override
    public void close() {
        server.close();
        ttl.close();
        try {
            database.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the embedded DynamoDB's journal", e);
        }
    }

    /**
     * Runs an engine until the process ends: {@code --port 8000 --host 127.0.0.1 --data DIR}.
     */
    public static void main(String[] args) throws InterruptedException {
        EmbeddedDynamoDbOptions.Builder builder = EmbeddedDynamoDbOptions.builder().port(8000);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> builder.port(Integer.parseInt(args[++i]));
                case "--host" -> builder.host(args[++i]);
                case "--data" -> builder.dataDirectory(Path.of(args[++i]));
                case "--region" -> builder.region(args[++i]);
                case "--records-per-shard" -> builder.recordsPerShard(Integer.parseInt(args[++i]));
                case "--ttl-interval-ms" -> builder.ttlInterval(Duration.ofMillis(Long.parseLong(args[++i])));
                default -> {
                    System.err.println("usage: EmbeddedDynamoDb [--port N] [--host H] [--data DIR] [--region R] "
                            + "[--records-per-shard N] [--ttl-interval-ms N]");
                    System.exit(2);
                }
            }
        }
        EmbeddedDynamoDb db = start(builder.build());
        Runtime.getRuntime().addShutdownHook(new Thread(db::close, "embedded-dynamodb-stop"));
        System.out.println("embedded DynamoDB listening on " + db.endpoint());
        Thread.currentThread().join();
    }
}
