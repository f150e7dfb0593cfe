package dev.userbase.cdk;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.events.EventContract;
import software.amazon.awscdk.services.eventschemas.CfnRegistry;
import software.amazon.awscdk.services.eventschemas.CfnSchema;
import software.constructs.Construct;

/**
 * An EventBridge schema registry holding the published event contract ({@link EventContract}, the
 * {@code events-schema} module): one schema per detail type, its current version, named the way
 * EventBridge names discovered schemas, {@code <source>@<detail type>} (for example
 * {@code users.service@user.created}). A new contract version deployed becomes a new version of
 * the same registry schema. The contract is JSON Schema 2020-12; the registry takes only draft 4
 * or OpenAPI 3, so each schema is converted ({@link Draft4Schema}) at synthesis.
 */
public final class EventSchemaRegistry extends Construct {

    static final String SCHEMA_TYPE = "JSONSchemaDraft4";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One registered schema: the detail type, the contract version it holds, and its draft 4 content. */
    public record RegisteredSchema(String detailType, String version, String schemaName, JsonNode content,
            CfnSchema resource) {
    }

    private final CfnRegistry registry;
    private final List<RegisteredSchema> schemas = new ArrayList<>();

    public EventSchemaRegistry(Construct scope, String id, String registryName, String eventSource,
            EventContract contract) {
        super(scope, id);
        registry = CfnRegistry.Builder.create(this, "Registry")
                .registryName(registryName)
                .description("Schemas of the events published by the users service (source " + eventSource + ")")
                .build();
        for (String detailType : contract.detailTypes().stream().sorted().toList()) {
            String version = contract.currentVersion(detailType);
            JsonNode original = contract.schema(detailType, version);
            JsonNode content = Draft4Schema.convert(original);
            String description = original.hasNonNull("description") ? original.get("description").asText()
                    : detailType + " " + version;
            String schemaName = eventSource + "@" + detailType;
            CfnSchema schema = CfnSchema.Builder.create(this, logicalId(detailType))
                    // The attribute (not the name) makes each schema wait for its registry.
                    .registryName(registry.getAttrRegistryName())
                    .schemaName(schemaName)
                    .type(SCHEMA_TYPE)
                    .content(text(content))
                    .description(truncate("Version " + version + ". " + description, 256))
                    .build();
            schemas.add(new RegisteredSchema(detailType, version, schemaName, content, schema));
        }
        if (schemas.isEmpty()) {
            throw new IllegalStateException("the event contract lists no detail types");
        }
    }

    /** {@code user.profile.updated} -> {@code SchemaUserProfileUpdated}. */
    static String logicalId(String detailType) {
        StringBuilder id = new StringBuilder("Schema");
        for (String part : detailType.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }

    private static String text(JsonNode content) {
        try {
            return JSON.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    public CfnRegistry registry() {
        return registry;
    }

    public List<RegisteredSchema> schemas() {
        return List.copyOf(schemas);
    }
}
