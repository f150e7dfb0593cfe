package dev.userbase.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Turns an {@link ApiResponse} into API Gateway's proxy response. */
public final class ApiResponses {

    private ApiResponses() {
    }

    public static APIGatewayProxyResponseEvent toEvent(ApiResponse response, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
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
