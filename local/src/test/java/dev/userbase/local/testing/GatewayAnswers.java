package dev.userbase.local.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.api.GatewayProblem;
import dev.userbase.local.Json;

/**
 * What a refusal of the local gateway must look like: the deployed gateway response of its
 * {@link GatewayProblem} (status, headers, document) with the request id of {@code x-amzn-RequestId},
 * valid against the {@code Problem} schema of {@code docs/openapi.yaml}, and not from a function.
 */
public final class GatewayAnswers {

    private GatewayAnswers() {
    }

    /** Fails unless the answer is {@code problem} as the deployed API would answer it; returns its document. */
    public static JsonNode assertGatewayProblem(GatewayProblem problem, int status, HttpHeaders headers, String body,
            String description) {
        assertThat(status).as(description + ": status").isEqualTo(problem.status().orElseThrow());
        problem.headers().forEach((name, value) ->
                assertThat(headers.allValues(name)).as(description + ": " + name).containsExactly(value));
        // The handlers' responses carry X-Request-Id; the gateway's own do not (nor do API Gateway's).
        assertThat(headers.firstValue("X-Request-Id")).as(description + ": answered by a function").isEmpty();
        JsonNode document = Json.parse(body);
        assertThat(ProblemSchema.violations(document)).as(description + ": against openapi.yaml's Problem: " + body)
                .isEmpty();
        String requestId = headers.firstValue("x-amzn-RequestId").orElse("");
        assertThat(requestId).as(description + ": x-amzn-RequestId").isNotBlank();
        assertThat(document.path("detail").isTextual()).as(description + ": detail").isTrue();
        assertThat(document).as(description + ": the document of " + problem)
                .isEqualTo(Json.MAPPER.valueToTree(problem.document(document.get("detail").asText(), requestId)));
        return document;
    }
}
