package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.userbase.events.EventContract;

/**
 * The contract's 2020-12 schemas converted to draft 4 are valid draft 4 (against its meta-schema)
 * and still judge events as the originals do: the samples pass, broken events fail.
 */
class Draft4SchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventContract CONTRACT = EventContract.load();
    private static final JsonSchemaFactory DRAFT4 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private static final JsonSchema META_SCHEMA = DRAFT4.getSchema(resource("draft-04/schema"));

    static Stream<String> detailTypes() {
        return CONTRACT.detailTypes().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("detailTypes")
    void convertedSchema_isValidDraft4_andKeepsTheContract(String detailType) {
        String version = CONTRACT.currentVersion(detailType);
        ObjectNode converted = Draft4Schema.convert(CONTRACT.schema(detailType, version));

        assertThat(META_SCHEMA.validate(converted)).as("draft 4 meta-schema").isEmpty();
        assertThat(converted.get("$schema").asText()).isEqualTo(Draft4Schema.META_SCHEMA);
        assertThat(converted.toString()).doesNotContain("$defs", "2020-12", "\"const\"");

        JsonSchema schema = DRAFT4.getSchema(converted, CONFIG);
        List<JsonNode> samples = CONTRACT.samples(detailType, version);
        assertThat(samples).isNotEmpty();
        for (JsonNode sample : samples) {
            JsonNode detail = sample.get("detail");
            assertThat(schema.validate(detail)).as("sample of " + detailType).isEmpty();

            ObjectNode missing = detail.deepCopy();
            missing.remove("eventId");
            assertThat(schema.validate(missing)).as("without eventId").isNotEmpty();

            ObjectNode extra = detail.deepCopy();
            extra.put("password", "secret");
            assertThat(schema.validate(extra)).as("an undeclared field").isNotEmpty();

            ObjectNode badData = detail.deepCopy();
            badData.put("data", "not an object");
            assertThat(schema.validate(badData)).as("data of the wrong type").isNotEmpty();

            ObjectNode badTime = detail.deepCopy();
            badTime.put("occurredAt", "yesterday");
            assertThat(schema.validate(badTime)).as("occurredAt not a date-time").isNotEmpty();
        }
    }

    @Test
    void newerKeywords_becomeTheirDraft4Forms_withTheSameMeaning() throws Exception {
        JsonNode schema = JSON.readTree("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://example.com/s",
                 "type":"object",
                 "properties":{
                   "kind":{"const":"a"},
                   "count":{"type":"integer","exclusiveMinimum":0,"maximum":10},
                   "ratio":{"type":"number","minimum":5,"exclusiveMinimum":1,"exclusiveMaximum":2},
                   "pair":{"type":"array","prefixItems":[{"type":"string"},{"type":"integer"}],"items":false},
                   "ref":{"$ref":"#/$defs/name"},
                   "anything":true,
                   "nothing":false,
                   "a":{},"b":{}
                 },
                 "dependentRequired":{"a":["b"]},
                 "$defs":{"name":{"type":"string","minLength":1}}}
                """);
        ObjectNode converted = Draft4Schema.convert(schema);
        assertThat(META_SCHEMA.validate(converted)).isEmpty();
        assertThat(converted.get("id").asText()).isEqualTo("https://example.com/s");
        assertThat(converted.at("/properties/kind/enum").toString()).isEqualTo("[\"a\"]");
        assertThat(converted.at("/properties/count").toString())
                .isEqualTo("{\"type\":\"integer\",\"minimum\":0,\"exclusiveMinimum\":true,\"maximum\":10}");
        // minimum 5 is stricter than > 1; < 2 is the upper bound
        assertThat(converted.at("/properties/ratio/minimum").asInt()).isEqualTo(5);
        assertThat(converted.at("/properties/ratio/exclusiveMinimum").isMissingNode()).isTrue();
        assertThat(converted.at("/properties/ratio/exclusiveMaximum").asBoolean()).isTrue();
        assertThat(converted.at("/properties/ref/$ref").asText()).isEqualTo("#/definitions/name");
        assertThat(converted.at("/definitions/name/minLength").asInt()).isEqualTo(1);
        assertThat(converted.at("/dependencies/a").toString()).isEqualTo("[\"b\"]");

        JsonSchema draft4 = DRAFT4.getSchema(converted, CONFIG);
        assertThat(draft4.validate(JSON.readTree(
                "{\"kind\":\"a\",\"count\":1,\"pair\":[\"x\",1],\"ref\":\"n\",\"anything\":3,\"a\":1,\"b\":2}"))).isEmpty();
        for (String invalid : List.of("{\"kind\":\"b\"}", "{\"count\":0}", "{\"count\":11}", "{\"ratio\":2}",
                "{\"pair\":[\"x\",1,2]}", "{\"pair\":[1]}", "{\"ref\":\"\"}", "{\"nothing\":1}", "{\"a\":1}")) {
            Set<ValidationMessage> errors = draft4.validate(JSON.readTree(invalid));
            assertThat(errors).as(invalid).isNotEmpty();
        }
    }

    @Test
    void keywordsDraft4CannotExpress_failTheConversion() throws Exception {
        for (String keyword : List.of("if", "unevaluatedProperties", "contains", "propertyNames")) {
            JsonNode schema = JSON.readTree("{\"type\":\"object\",\"properties\":{\"x\":{\"" + keyword + "\":{}}}}");
            assertThatThrownBy(() -> Draft4Schema.convert(schema))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("#/properties/x/" + keyword);
        }
    }

    private static JsonNode resource(String name) {
        try (InputStream in = JsonSchemaFactory.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no " + name + " on the classpath");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
