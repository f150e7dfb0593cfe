package dev.userbase.api.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Turns an {@link ApiResponse} into API Gateway's proxy response. With a proxy integration API
 * Gateway answers only CORS preflights itself; the actual responses carry
 * {@code Access-Control-Allow-Origin} only if the function adds it, which it does for the origins
 * of {@code CORS_ALLOWED_ORIGINS} (exact matches, echoed, with {@code Vary: Origin}).
 */
public final class ApiResponses {

    private static final String EXPOSED = "ETag, Location, Retry-After, X-Request-Id";

    private ApiResponses() {
    }

    public static APIGatewayProxyResponseEvent toEvent(ApiResponse response, String requestId) {
        return toEvent(response, requestId, null, Set.of());
    }

    /** As {@link #toEvent(ApiResponse, String)}, with CORS headers for {@code origin} if it is allowed. */
    public static APIGatewayProxyResponseEvent toEvent(ApiResponse response, String requestId, String origin,
            Set<String> allowedOrigins) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (origin != null && allowedOrigins.contains(origin)) {
            headers.put("Access-Control-Allow-Origin", origin);
            headers.put("Access-Control-Expose-Headers", EXPOSED);
            headers.put("Vary", "Origin");
        }
        if (response.contentType() != null) {
            headers.put("Content-Type", response.contentType());
        }
        // every answer is about one signed-in user: no shared cache may keep it
        headers.put("Cache-Control", "no-store");
        headers.put("X-Request-Id", requestId);
        headers.putAll(response.headers());
        APIGatewayProxyResponseEvent event = new APIGatewayProxyResponseEvent()
                .withStatusCode(response.status())
                .withHeaders(headers)
                .withIsBase64Encoded(false);
        if (response.body() != null) {
            try {
                event.setBody(Json.MAPPER.writeValueAsString(response.body()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise a response", e);
            }
        }
        return event;
    }
}
