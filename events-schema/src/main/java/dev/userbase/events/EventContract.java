package dev.userbase.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The published event contract of the users service, read from this jar: for each EventBridge
 * detail type, its JSON Schema (draft 2020-12) per version and sample events.
 *
 * <pre>
 * EventContract contract = EventContract.load();
 * List&lt;String&gt; problems = contract.validate("user.created", detailJson);   // empty when valid
 * JsonNode schema = contract.schema("user.created", contract.currentVersion("user.created"));
 * </pre>
 *
 * <p>Resources (under {@code dev/userbase/events/}): {@code catalog.json} lists detail types,
 * versions and files; schemas are {@code schemas/<detail-type>/<version>.schema.json} and validate
 * the entry's {@code Detail} (the envelope); samples are {@code samples/<detail-type>/<version>/*.json},
 * whole EventBridge events as a rule target receives them. Formats ({@code date-time},
 * {@code uuid}) are asserted, not only annotated.
 */
public final class EventContract {

    /** Where the contract's files are, on the classpath. */
    public static final String RESOURCE_ROOT = "dev/userbase/events/";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    /** "1.10" comes after "1.9". */
    public static final Comparator<String> VERSION_ORDER = Comparator
            .comparingInt((String v) -> Integer.parseInt(v.substring(0, v.indexOf('.'))))
            .thenComparingInt(v -> Integer.parseInt(v.substring(v.indexOf('.') + 1)));

    private final ClassLoader loader;
    private final Map<String, DetailTypeEntry> detailTypes;
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    private record DetailTypeEntry(String current, Map<String, VersionEntry> versions) {
    }

    private record VersionEntry(String schema, List<String> samples) {
    }

    private EventContract(ClassLoader loader, Map<String, DetailTypeEntry> detailTypes) {
        this.loader = loader;
        this.detailTypes = detailTypes;
    }

    /** The contract in this jar. */
    public static EventContract load() {
        ClassLoader loader = EventContract.class.getClassLoader();
        JsonNode catalog = readJson(loader, RESOURCE_ROOT + "catalog.json");
        Map<String, DetailTypeEntry> types = new LinkedHashMap<>();
        catalog.path("detailTypes").properties().forEach(type -> {
            Map<String, VersionEntry> versions = new LinkedHashMap<>();
            type.getValue().path("versions").properties().forEach(version -> {
                List<String> samples = new ArrayList<>();
                version.getValue().path("samples").forEach(s -> samples.add(s.asText()));
                versions.put(version.getKey(), new VersionEntry(version.getValue().path("schema").asText(),
                        List.copyOf(samples)));
            });
            types.put(type.getKey(), new DetailTypeEntry(type.getValue().path("current").asText(), versions));
        });
        return new EventContract(loader, Collections.unmodifiableMap(types));
    }

    public Set<String> detailTypes() {
        return detailTypes.keySet();
    }

    /** Every version of a detail type, oldest first. */
    public List<String> versions(String detailType) {
        return entry(detailType).versions().keySet().stream().sorted(VERSION_ORDER).toList();
    }

    /** The version publishers emit now. */
    public String currentVersion(String detailType) {
        return entry(detailType).current();
    }

    /** The schema of a detail type at a version, as JSON. */
    public JsonNode schema(String detailType, String version) {
        return readJson(loader, RESOURCE_ROOT + version(detailType, version).schema());
    }

    /** The sample events (whole EventBridge events) of a detail type at a version. */
    public List<JsonNode> samples(String detailType, String version) {
        return version(detailType, version).samples().stream()
                .map(path -> readJson(loader, RESOURCE_ROOT + path))
                .toList();
    }

    /** Problems of a {@code Detail} against the current schema of its detail type; empty when it conforms. */
    public List<String> validate(String detailType, JsonNode detail) {
        return validate(detailType, currentVersion(detailType), detail);
    }

    /** Problems of a {@code Detail} against one version's schema; empty when it conforms. */
    public List<String> validate(String detailType, String version, JsonNode detail) {
        JsonSchema schema = compiled.computeIfAbsent(detailType + "@" + version,
                key -> FACTORY.getSchema(schema(detailType, version), CONFIG));
        return schema.validate(detail).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** Problems of a {@code Detail} given as JSON text. */
    public List<String> validate(String detailType, String detailJson) {
        try {
            return validate(detailType, MAPPER.readTree(detailJson));
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    private DetailTypeEntry entry(String detailType) {
        DetailTypeEntry entry = detailTypes.get(Objects.requireNonNull(detailType, "detailType"));
        if (entry == null) {
            throw new IllegalArgumentException("not a detail type of this contract: " + detailType);
        }
        return entry;
    }

    private VersionEntry version(String detailType, String version) {
        VersionEntry entry = entry(detailType).versions().get(version);
        if (entry == null) {
            throw new IllegalArgumentException(detailType + " has no version " + version);
        }
        return entry;
    }

    private static JsonNode readJson(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing contract resource " + path);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable contract resource " + path, e);
        }
    }
}
