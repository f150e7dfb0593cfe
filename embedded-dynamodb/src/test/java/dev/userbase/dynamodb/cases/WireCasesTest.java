package dev.userbase.dynamodb.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.dynamodb.EmbeddedDynamoDb;

/**
 * Data-driven cases at the wire: each file under {@code src/test/resources/cases/} is a scenario
 * written from the AWS DynamoDB API Reference (its {@code doc} says where): requests sent as raw
 * JSON 1.0 to a fresh engine, each answered with the expected response (every member given must
 * match; {@code "<any>"} matches any value, {@code "<absent>"} requires the member to be missing) or
 * the expected error ({@code __type} short name and, when given, the exact message).
 *
 * <pre>
 * { "doc": "https://docs.aws.amazon.com/…", "steps": [
 *     { "op": "PutItem", "request": {…}, "response": {…} },
 *     { "op": "GetItem", "request": {…}, "error": { "type": "ValidationException", "message": "…" } } ] }
 * </pre>
 */
class WireCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        Path root = Paths.get("src/test/resources/cases");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("case files").isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(root.relativize(file).toString(), file.toUri(),
                () -> run(file)));
    }

    private static void run(Path file) throws Exception {
        JsonNode scenario;
        try (InputStream in = Files.newInputStream(file)) {
            scenario = JSON.readTree(in);
        }
        assertThat(scenario.path("doc").asText()).as("every case names the documentation it is written from")
                .startsWith("https://docs.aws.amazon.com/");
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start()) {
            int index = 0;
            for (JsonNode step : scenario.get("steps")) {
                index++;
                String op = step.get("op").asText();
                String service = step.path("service").asText("DynamoDB_20120810");
                HttpResponse<byte[]> response = send(engine.endpoint(), service + "." + op, step.get("request"));
                JsonNode body = JSON.readTree(response.body());
                String where = file.getFileName() + " step " + index + " (" + op + ")";
                if (step.has("error")) {
                    JsonNode expected = step.get("error");
                    assertThat(response.statusCode()).as(where + " status; body " + body)
                            .isEqualTo(expected.path("status").asInt(400));
                    String type = body.path("__type").asText();
                    assertThat(type.substring(type.indexOf('#') + 1)).as(where + " error type; body " + body)
                            .isEqualTo(expected.get("type").asText());
                    if (expected.has("message")) {
                        assertThat(body.path("message").asText()).as(where + " message").isEqualTo(expected.get("message").asText());
                    }
                    if (expected.has("body")) {
                        matches(expected.get("body"), body, where + " error body");
                    }
                } else {
                    assertThat(response.statusCode()).as(where + " status; body " + body).isEqualTo(200);
                    if (step.has("response")) {
                        matches(step.get("response"), body, where);
                    }
                }
            }
        }
    }

    private static HttpResponse<byte[]> send(URI endpoint, String target, JsonNode request) throws Exception {
        HttpRequest http = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", target)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=case/20261202/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request)))
                .build();
        return HTTP.send(http, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Every member of {@code expected} matches in {@code actual}; arrays match element by element. */
    static void matches(JsonNode expected, JsonNode actual, String where) {
        if (expected.isTextual() && expected.asText().equals("<any>")) {
            if (actual == null || actual.isMissingNode()) {
                fail(where + ": expected a value, found none");
            }
            return;
        }
        if (expected.isObject()) {
            if (actual == null || !actual.isObject()) {
                fail(where + ": expected an object " + expected + ", found " + actual);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode value = actual.get(e.getKey());
                if (e.getValue().isTextual() && e.getValue().asText().equals("<absent>")) {
                    assertThat(value).as(where + "." + e.getKey() + " must be absent").isNull();
                    continue;
                }
                if (value == null) {
                    fail(where + ": member " + e.getKey() + " missing from " + actual);
                }
                matches(e.getValue(), value, where + "." + e.getKey());
            }
            return;
        }
        if (expected.isArray()) {
            if (actual == null || !actual.isArray() || actual.size() != expected.size()) {
                fail(where + ": expected " + expected + ", found " + actual);
            }
            List<JsonNode> a = new ArrayList<>();
            actual.forEach(a::add);
            for (int i = 0; i < expected.size(); i++) {
                matches(expected.get(i), a.get(i), where + "[" + i + "]");
            }
            return;
        }
        if (expected.isNumber() && actual != null && actual.isNumber()) {
            assertThat(actual.decimalValue()).as(where).isEqualByComparingTo(expected.decimalValue());
            return;
        }
        assertThat(actual).as(where).isEqualTo(expected);
    }
}
