package dev.userbase.local.dynamodb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.table.TableDefinition;
import dev.userbase.dynamodb.EmbeddedDynamoDbOptions;
import dev.userbase.dynamodb.sdk.LocalDynamoDb;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The stack's DynamoDB: the project's own engine ({@code embedded-dynamodb}) in this process, started
 * by its SDK launcher ({@link LocalDynamoDb}), over HTTP on one address, with its Streams API and its
 * fault-injection endpoint ({@code /_faults}) on the same port. One database for every client
 * (credentials and region do not split it), kept in a directory (a journal and snapshots: every
 * acknowledged write survives the process being killed) or in memory. The engine carries out Time to
 * Live itself: expired items are deleted, and their REMOVE stream records carry DynamoDB's service
 * identity, as in AWS.
 */
public final class StackDynamoDb {

    private static final Logger LOG = LogManager.getLogger(StackDynamoDb.class);

    /** The database file DynamoDB Local ({@code -sharedDb}) kept here before the engine replaced it. */
    private static final String DYNAMODB_LOCAL_FILE = "shared-local-instance.db";

    private StackDynamoDb() {
    }

    /**
     * Starts the engine; closing what this returns stops it, a persistent one's files complete.
     *
     * @param port 0 for any free port
     * @param dataDirectory where the journal and snapshots live; empty to keep the data in memory
     * @param ttlInterval how often expired items are deleted; zero for never
     * @param clock the engine's time (TTL, stream retention, iterator expiry)
     */
    public static LocalDynamoDb start(String host, int port, Optional<Path> dataDirectory, Region region,
                                      Duration ttlInterval, Clock clock) throws IOException {
        EmbeddedDynamoDbOptions.Builder options = EmbeddedDynamoDbOptions.builder()
                .host(host)
                .port(port)
                .region(region.id())
                .clock(clock)
                .ttlInterval(ttlInterval);
        if (dataDirectory.isPresent()) {
            Files.createDirectories(dataDirectory.get());
            if (Files.exists(dataDirectory.get().resolve(DYNAMODB_LOCAL_FILE))) {
                LOG.warn("{} holds data of DynamoDB Local, which the stack no longer runs: its tables are not read; "
                        + "start with --reset to remove it", dataDirectory.get());
            }
            options.dataDirectory(dataDirectory.get());
        }
        return LocalDynamoDb.start(options.build());
    }

    /**
     * Creates each table that does not exist yet (with its TTL); an existing table whose indexes differ
     * from its definition is reported, since DynamoDB cannot change a table's keys in place.
     *
     * @return the tables' descriptions
     */
    public static Map<String, TableDescription> ensureTables(DynamoDbClient client, Map<String, TableDefinition> tables) {
        Map<String, TableDescription> described = new LinkedHashMap<>();
        Set<String> existing = new HashSet<>(client.listTablesPaginator().tableNames().stream().toList());
        for (Map.Entry<String, TableDefinition> entry : tables.entrySet()) {
            String name = entry.getKey();
            TableDefinition definition = entry.getValue();
            TableDescription table;
            if (existing.contains(name)) {
                table = client.describeTable(r -> r.tableName(name)).table();
                checkIndexes(name, definition, table);
            } else {
                table = definition.create(client, name);
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
}
