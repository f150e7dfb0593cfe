package dev.userbase.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The {@code Problem} schema of {@code docs/openapi.yaml}, the API's published contract for every error
 * document, read from the document itself (so a test fails when the contract and an answer part).
 */
public final class ProblemSchema {

    private static final JsonSchema SCHEMA = load(StackFixtures.projectHome().resolve("docs/openapi.yaml"));

    private ProblemSchema() {
    }

    /** What is wrong with a problem document; empty when it conforms. */
    public static List<String> violations(JsonNode document) {
        return SCHEMA.validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema load(Path openApi) {
        JsonNode document;
        try {
            document = new ObjectMapper(new YAMLFactory()).readTree(openApi.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode problem = document.at("/components/schemas/Problem");
        if (!problem.isObject()) {
            throw new IllegalStateException(openApi + " has no components.schemas.Problem");
        }
        // OpenAPI 3.0 schema objects are JSON Schema draft 4 with a few annotations of their own.
        JsonMetaSchema openApiSchema = JsonMetaSchema.builder(JsonMetaSchema.getV4())
                .keyword(new NonValidationKeyword("example"))
                .keyword(new NonValidationKeyword("nullable"))
                .build();
        JsonSchemaFactory factory = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
                .metaSchema(openApiSchema)
                .build();
        return factory.getSchema(problem);
    }
}
