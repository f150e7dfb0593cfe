package dev.userbase.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a route answers: a status, headers and a JSON body (or none). Turned into API Gateway's
 * proxy response in one place ({@link ApiResponses}).
 */
public record ApiResponse(int status, Map<String, String> headers, JsonNode body, String contentType) {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, Map.of(), body, JSON);
    }

    public static ApiResponse ok(JsonNode body) {
        return json(200, body);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, Map.of(), null, null);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, copy, body, contentType);
    }

    /** {@code ETag: "<version>"}: the value a client sends back in {@code If-Match}. */
    public ApiResponse withETag(long version) {
        return withHeader("ETag", "\"" + version + "\"");
    }
}
