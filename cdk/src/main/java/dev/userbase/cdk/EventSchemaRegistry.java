package dev.userbase.cdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awscdk.services.eventschemas.CfnRegistry;
import software.amazon.awscdk.services.eventschemas.CfnSchema;
import software.constructs.Construct;

/**
 * An EventBridge schema registry holding the published event schemas: every {@code *.json} file
 * under one directory (the JSON Schemas of {@code events-schema/}), one schema each, named after
 * the file's path the way EventBridge names discovered schemas, {@code <source>@<name>}: a file
 * {@code user.created.json} becomes {@code users.service@user.created}, a file
 * {@code user.created/1.0.schema.json} becomes {@code users.service@user.created-1.0}.
 */
public final class EventSchemaRegistry extends Construct {

    static final String SCHEMA_TYPE = "JSONSchemaDraft4";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CfnRegistry registry;
    private final List<CfnSchema> schemas = new ArrayList<>();

    public EventSchemaRegistry(Construct scope, String id, String registryName, String eventSource, Path directory) {
        super(scope, id);
        registry = CfnRegistry.Builder.create(this, "Registry")
                .registryName(registryName)
                .description("Schemas of the events published by the users service (source " + eventSource + ")")
                .build();
        for (Path file : schemaFiles(directory)) {
            String baseName = schemaName(directory, file);
            String content = read(file);
            JsonNode schema = parse(file, content);
            CfnSchema.Builder cfn = CfnSchema.Builder.create(this, logicalId(baseName))
                    // The attribute (not the name) makes each schema wait for its registry.
                    .registryName(registry.getAttrRegistryName())
                    .schemaName(eventSource + "@" + baseName)
                    .type(SCHEMA_TYPE)
                    .content(content);
            if (schema.hasNonNull("description")) {
                cfn.description(truncate(schema.get("description").asText(), 256));
            } else if (schema.hasNonNull("title")) {
                cfn.description(truncate(schema.get("title").asText(), 256));
            }
            schemas.add(cfn.build());
        }
    }

    /** The {@code *.json} files under {@code directory}, at any depth, by path; at least one. */
    static List<Path> schemaFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("event schema directory does not exist: " + directory.toAbsolutePath());
        }
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> schemas = files
                    .filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
            if (schemas.isEmpty()) {
                throw new IllegalArgumentException("no *.json schemas in " + directory.toAbsolutePath());
            }
            return schemas;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(Path file, String content) {
        try {
            JsonNode node = JSON.readTree(content);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON Schema object: " + file);
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's path below {@code directory}, without {@code .schema.json} or {@code .json}, joined with "-". */
    static String schemaName(Path directory, Path file) {
        List<String> parts = new ArrayList<>();
        directory.relativize(file).forEach(part -> parts.add(part.toString()));
        String last = parts.remove(parts.size() - 1).replaceFirst("(\\.schema)?\\.json$", "");
        parts.add(last);
        return String.join("-", parts);
    }

    /** {@code user.profile.updated} -> {@code SchemaUserProfileUpdated}. */
    static String logicalId(String baseName) {
        StringBuilder id = new StringBuilder("Schema");
        for (String part : baseName.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    public CfnRegistry registry() {
        return registry;
    }

    public List<CfnSchema> schemas() {
        return List.copyOf(schemas);
    }
}
