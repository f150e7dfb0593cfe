package dev.userbase.dynamodb.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** The streaming reader and writer build and print trees exactly as Jackson's ObjectMapper does. */
class JsonTreesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final List<String> DOCUMENTS = List.of(
            "{}",
            "[]",
            "{\"TableName\":\"t\",\"Limit\":25,\"Item\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1.5E+3\"}}}",
            "{\"int\":2147483647,\"long\":2147483648,\"big\":123456789012345678901234567890,\"neg\":-9223372036854775809}",
            "{\"double\":1.5,\"exp\":1e-7,\"negzero\":-0.0,\"limit\":1.0}",
            "{\"t\":true,\"f\":false,\"n\":null,\"nested\":[[1,[2,{\"x\":[]}]],{}]}",
            "{\"s\":\"\\u00e9\\ud83d\\ude00 \\\"quoted\\\" \\\\ \\n\\t\\u0001\"}",
            "{\"dup\":1,\"dup\":2}",
            "  {\"a\":1}  ",
            "\"just a string\"",
            "42");

    @Test
    void readsAndWritesEveryDocumentAsTheObjectMapperDoes() throws IOException {
        for (String document : DOCUMENTS) {
            JsonNode expected = MAPPER.readTree(document);
            JsonNode actual = JsonTrees.read(document.getBytes(StandardCharsets.UTF_8));
            assertThat(actual).as(document).isEqualTo(expected);
            assertThat(actual.getNodeType()).isEqualTo(expected.getNodeType());
            assertThat(JsonTrees.writeString(actual)).as(document).isEqualTo(MAPPER.writeValueAsString(expected));
            assertThat(JsonTrees.write(actual)).as(document).isEqualTo(MAPPER.writeValueAsBytes(expected));
            assertThat(JsonTrees.read(document)).isEqualTo(expected);
        }
    }

    @Test
    void numbersKeepTheNodeTypesTheObjectMapperGives() throws IOException {
        String document = DOCUMENTS.get(3) + "";
        JsonNode actual = JsonTrees.read(document);
        JsonNode expected = MAPPER.readTree(document);
        for (String field : List.of("int", "long", "big", "neg")) {
            assertThat(actual.get(field).numberType()).as(field).isEqualTo(expected.get(field).numberType());
        }
        assertThat(JsonTrees.read("1.25").numberType()).isEqualTo(MAPPER.readTree("1.25").numberType());
    }

    @Test
    void everyWireCaseFile_readsAndPrintsAsTheObjectMapperDoes() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources/cases"))) {
            List<Path> json = files.filter(p -> p.toString().endsWith(".json")).toList();
            assertThat(json).hasSizeGreaterThan(10);
            for (Path file : json) {
                byte[] bytes = Files.readAllBytes(file);
                JsonNode expected = MAPPER.readTree(bytes);
                JsonNode actual = JsonTrees.read(bytes);
                assertThat(actual).as(file.toString()).isEqualTo(expected);
                assertThat(JsonTrees.write(actual)).as(file.toString()).isEqualTo(MAPPER.writeValueAsBytes(expected));
            }
        }
    }

    @Test
    void nothingToRead_isTheMissingNode_malformedTextIsAJsonProcessingException() throws IOException {
        assertThat(JsonTrees.read("   ")).isSameAs(MissingNode.getInstance());
        for (String malformed : List.of("{", "{\"a\":}", "[1,]", "{\"a\" 1}", "nul", "{\"a\":1}}")) {
            if (malformed.equals("{\"a\":1}}")) {
                // as ObjectMapper.readTree: only the first value is read
                assertThat(JsonTrees.read(malformed)).isEqualTo(MAPPER.readTree(malformed));
                continue;
            }
            assertThatThrownBy(() -> JsonTrees.read(malformed)).as(malformed).isInstanceOf(JsonProcessingException.class);
        }
    }

    @Test
    void binaryNodes_arePrintedAsBase64_asTheObjectMapperPrintsThem() throws IOException {
        JsonNode tree = MAPPER.createObjectNode().put("b", new byte[] {0, 1, 2, (byte) 0xff, 10, 20, 30});
        assertThat(JsonTrees.writeString(tree)).isEqualTo(MAPPER.writeValueAsString(tree));
    }
}
