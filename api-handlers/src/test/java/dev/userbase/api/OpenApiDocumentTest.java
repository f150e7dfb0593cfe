package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.userbase.core.api.ApiRoute;

/**
 * {@code docs/openapi.yaml} describes exactly the routes of {@link ApiRoute} (every route, nothing
 * more), with the operation ids the CDK stack gives the methods, and {@code docs/API.md} has a
 * section for every route.
 */
class OpenApiDocumentTest {

    static final Path DOCS = Path.of("..", "docs");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private static JsonNode document;

    @BeforeAll
    static void read() throws IOException {
        document = new ObjectMapper(new YAMLFactory()).readTree(DOCS.resolve("openapi.yaml").toFile());
    }

    @Test
    void isOpenApi3() {
        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(document.path("info").path("title").asText()).isNotBlank();
    }

    @Test
    void documentsEveryRouteAndNothingElse() {
        Set<String> documented = new TreeSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        Set<String> routes = Arrays.stream(ApiRoute.values()).map(r -> r.method() + " " + r.path())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(routes);
    }

    @Test
    void operations_haveTheCdkOperationIdsTheirFunctionsTagAndErrorResponses() {
        for (ApiRoute route : ApiRoute.values()) {
            JsonNode operation = operation(route);
            assertThat(operation.path("operationId").asText()).as(route.name()).isEqualTo(operationId(route));
            assertThat(operation.path("tags").get(0).asText()).as(route.name())
                    .isEqualTo(route.function().name().toLowerCase(Locale.ROOT));
            JsonNode responses = operation.path("responses");
            assertThat(responses.has("401")).as(route + " documents 401").isTrue();
            assertThat(responses.has("500")).as(route + " documents 500").isTrue();
            if (route.isWrite() || route.access() == ApiRoute.Access.ADMIN) {
                assertThat(responses.has("403")).as(route + " documents 403").isTrue();
            }
            for (String parameter : pathParameters(route)) {
                assertThat(operation.path("parameters").toString()).as(route + " documents {" + parameter + "}")
                        .contains("#/components/parameters/" + Character.toUpperCase(parameter.charAt(0)) + parameter.substring(1));
            }
        }
    }

    @Test
    void everyReferenceResolves() {
        List<String> references = new ArrayList<>();
        collectReferences(document, references);
        assertThat(references).isNotEmpty();
        for (String reference : references) {
            assertThat(reference).startsWith("#/");
            assertThat(document.at(reference.substring(1)).isMissingNode()).as(reference).isFalse();
        }
    }

    @Test
    void apiGuide_hasASectionPerRoute() throws IOException {
        String guide = Files.readString(DOCS.resolve("API.md"));
        for (ApiRoute route : ApiRoute.values()) {
            assertThat(guide).as("docs/API.md documents %s", route).contains("### " + route.method() + " " + route.path());
        }
    }

    private static JsonNode operation(ApiRoute route) {
        return document.path("paths").path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
    }

    private static List<String> pathParameters(ApiRoute route) {
        List<String> names = new ArrayList<>();
        for (String segment : route.path().split("/")) {
            if (segment.startsWith("{")) {
                names.add(segment.substring(1, segment.length() - 1));
            }
        }
        return names;
    }

    /** {@code GET_MY_FOLLOWERS} -> {@code getMyFollowers}, as the CDK stack names API Gateway methods. */
    static String operationId(ApiRoute route) {
        StringBuilder name = new StringBuilder();
        for (String word : route.name().toLowerCase(Locale.ROOT).split("_")) {
            name.append(name.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return name.toString();
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("$ref")) {
                    references.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), references);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectReferences(child, references));
        }
    }
}
