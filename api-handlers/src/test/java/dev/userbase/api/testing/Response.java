package dev.userbase.api.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A handler's answer, with its body parsed. */
public record Response(int status, Map<String, String> headers, JsonNode body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Response of(APIGatewayProxyResponseEvent event) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (event.getHeaders() != null) {
            headers.putAll(event.getHeaders());
        }
        JsonNode body = null;
        if (event.getBody() != null) {
            try {
                body = JSON.readTree(event.getBody());
            } catch (IOException e) {
                throw new AssertionError("response body is not JSON: " + event.getBody(), e);
            }
        }
        return new Response(event.getStatusCode(), headers, body);
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** {@code field} of each item of a list page ({@code items}). */
    public List<String> itemValues(String field) {
        List<String> values = new ArrayList<>();
        body.path("items").forEach(item -> values.add(item.path(field).asText()));
        return values;
    }

    /** The problem type without its URN prefix ({@code invalid-input}). */
    public String problemType() {
        return body == null ? null : body.path("type").asText().replace("urn:userbase:problem:", "");
    }

    @Override
    public String toString() {
        return status + " " + headers + " " + body;
    }
}
