package dev.userbase.dynamodb.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.userbase.dynamodb.EmbeddedDynamoDb;
import dev.userbase.dynamodb.EmbeddedDynamoDbOptions;
import dev.userbase.testing.MutableClock;

/**
 * Data-driven cases at the wire: each file under {@code src/test/resources/cases/} is a scenario
 * written from the AWS DynamoDB API Reference (its {@code doc} says where): requests sent as raw
 * JSON 1.0 to a fresh engine, each answered with the expected response (every member given must
 * match; {@code "<any>"} matches any value, {@code "<absent>"} requires the member to be missing) or
 * the expected error ({@code __type} short name and, when given, the exact message, or with
 * {@code "messageContains"} a fragment of it where the API Reference does not give the wording).
 * {@code {"<unordered>": [...]}} matches an array whose elements match in any order (a Scan's order
 * is the hash's, which DynamoDB does not document).
 *
 * <p>A step may keep parts of its answer for later steps: {@code "capture": {"arn": "/Table/LatestStreamArn"}}
 * (JSON pointers into the response or error body); a later request or expectation writes
 * {@code "${arn}"} for the captured value itself (any JSON) or embeds {@code ${arn}} in a longer
 * string; {@code {"<concat>": ["${a}", "${b}"]}} joins captured arrays, and a step
 * {@code {"check": …, "matches": …}} matches what was captured (the segments of a parallel scan
 * together are the table); {@code {"<repeat>": "x", "times": 5000}} stands for a string of 5000 x's (item sizes for
 * the capacity arithmetic). A step {@code {"advanceClock": "PT16M"}} moves the engine's clock (an ISO-8601 duration), so
 * that iterator expiry and stream retention can be shown without waiting; it starts at
 * 2026-01-01T00:00:00Z (epoch second 1767225600). {@code {"sweepTtl": 2}} runs one TTL pass and
 * expects it to delete 2 items. {@code "engine": {"recordsPerShard": 2}} beside {@code steps} starts
 * the engine with shard rollover. A step may send {@code "rawBody"} (text, not JSON) instead of a
 * {@code request}, for the protocol's own errors.
 *
 * <pre>
 * { "doc": "https://docs.aws.amazon.com/…", "steps": [
 *     { "op": "PutItem", "request": {…}, "response": {…} },
 *     { "op": "GetItem", "request": {…}, "error": { "type": "ValidationException", "message": "…" } } ] }
 * </pre>
 */
class WireCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the engine's clock starts: epoch second 1767225600, so TTL values in a case are fixed numbers. */
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
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
        MutableClock clock = MutableClock.at(START);
        Map<String, JsonNode> captured = new HashMap<>();
        EmbeddedDynamoDbOptions.Builder options = EmbeddedDynamoDbOptions.builder().clock(clock)
                .ttlInterval(Duration.ZERO); // TTL deletes when a step says sweepTtl, not on a timer
        JsonNode engineOptions = scenario.path("engine");
        if (engineOptions.has("recordsPerShard")) {
            options.recordsPerShard(engineOptions.get("recordsPerShard").asInt());
        }
        try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start(options.build())) {
            int index = 0;
            for (JsonNode rawStep : scenario.get("steps")) {
                index++;
                if (rawStep.has("advanceClock")) {
                    clock.advance(Duration.parse(rawStep.get("advanceClock").asText()));
                    continue;
                }
                if (rawStep.has("sweepTtl")) {
                    assertThat(engine.sweepExpiredItems()).as(file.getFileName() + " step " + index + " items TTL deleted")
                            .isEqualTo(rawStep.get("sweepTtl").asInt());
                    continue;
                }
                JsonNode step = substitute(rawStep, captured, file.getFileName() + " step " + index);
                if (step.has("check")) {
                    matches(step.get("matches"), step.get("check"), file.getFileName() + " step " + index + " (check)");
                    continue;
                }
                String op = step.get("op").asText();
                String service = step.path("service").asText("DynamoDB_20120810");
                byte[] payload = step.has("rawBody") ? step.get("rawBody").asText().getBytes(StandardCharsets.UTF_8)
                        : JSON.writeValueAsBytes(step.get("request"));
                HttpResponse<byte[]> response = send(engine.endpoint(), service + "." + op, payload);
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
                    if (expected.has("messageContains")) {
                        assertThat(body.path("message").asText()).as(where + " message")
                                .contains(expected.get("messageContains").asText());
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
                for (Iterator<Map.Entry<String, JsonNode>> it = step.path("capture").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode value = body.at(e.getValue().asText());
                    if (value.isMissingNode()) {
                        fail(where + ": nothing at " + e.getValue().asText() + " to capture as " + e.getKey() + " in " + body);
                    }
                    captured.put(e.getKey(), value);
                }
            }
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    /** The node with every {@code ${name}} replaced by what was captured under that name. */
    static JsonNode substitute(JsonNode node, Map<String, JsonNode> captured, String where) {
        if (node.isTextual()) {
            String text = node.asText();
            Matcher whole = PLACEHOLDER.matcher(text);
            if (whole.matches()) {
                return lookup(captured, whole.group(1), where).deepCopy();
            }
            Matcher m = PLACEHOLDER.matcher(text);
            if (!m.find()) {
                return node;
            }
            StringBuilder out = new StringBuilder();
            m.reset();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(lookup(captured, m.group(1), where).asText()));
            }
            m.appendTail(out);
            return TextNode.valueOf(out.toString());
        }
        if (node.isObject() && node.has("<repeat>")) {
            return TextNode.valueOf(node.get("<repeat>").asText().repeat(node.path("times").asInt()));
        }
        if (node.isObject() && node.has("<concat>")) {
            ArrayNode joined = JSON.createArrayNode();
            for (JsonNode part : node.get("<concat>")) {
                joined.addAll((ArrayNode) substitute(part, captured, where));
            }
            return joined;
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), e.getKey().equals("capture") ? e.getValue()
                    : substitute(e.getValue(), captured, where)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(substitute(element, captured, where)));
            return copy;
        }
        return node;
    }

    private static JsonNode lookup(Map<String, JsonNode> captured, String name, String where) {
        JsonNode value = captured.get(name);
        if (value == null) {
            fail(where + ": ${" + name + "} was not captured by an earlier step");
        }
        return value;
    }

    private static HttpResponse<byte[]> send(URI endpoint, String target, byte[] body) throws Exception {
        HttpRequest http = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", target)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=case/20261202/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HTTP.send(http, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Every member of {@code expected} matches in {@code actual}; arrays match element by element. */
    static void matches(JsonNode expected, JsonNode actual, String where) {
        if (expected.isObject() && expected.size() == 1 && expected.has("<unordered>")) {
            unordered(expected.get("<unordered>"), actual, where);
            return;
        }
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

    /** Each expected element matches a different actual element, in any order. */
    private static void unordered(JsonNode expected, JsonNode actual, String where) {
        if (actual == null || !actual.isArray() || actual.size() != expected.size()) {
            fail(where + ": expected (in any order) " + expected + ", found " + actual);
        }
        List<JsonNode> left = new ArrayList<>();
        actual.forEach(left::add);
        for (JsonNode e : expected) {
            boolean found = false;
            for (Iterator<JsonNode> it = left.iterator(); it.hasNext();) {
                JsonNode candidate = it.next();
                try {
                    matches(e, candidate, where);
                } catch (AssertionError mismatch) {
                    continue;
                }
                it.remove();
                found = true;
                break;
            }
            if (!found) {
                fail(where + ": no element matches " + e + " among " + left);
            }
        }
    }
}
