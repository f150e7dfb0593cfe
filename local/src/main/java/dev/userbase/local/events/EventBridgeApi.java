package dev.userbase.local.events;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.userbase.local.Json;
import dev.userbase.local.http.LocalHttpServer;

/**
 * EventBridge's wire protocol (AWS JSON 1.1: {@code POST /} with {@code X-Amz-Target: AWSEvents.<Operation>}),
 * so the SDK's own {@code EventBridgeClient} pointed here publishes to the {@link LocalEventBus}.
 * Only {@code PutEvents} is served: it is all the handlers call.
 */
public final class EventBridgeApi {

    public static final String TARGET_PREFIX = "AWSEvents.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final LocalEventBus bus;

    public EventBridgeApi(LocalEventBus bus) {
        this.bus = bus;
    }

    public static boolean accepts(HttpExchange exchange) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        return target != null && target.startsWith(TARGET_PREFIX);
    }

    public void handle(HttpExchange exchange) throws IOException {
        String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target").substring(TARGET_PREFIX.length());
        if (!exchange.getRequestMethod().equals("POST")) {
            error(exchange, 400, "UnknownOperationException", "EventBridge takes POST");
            return;
        }
        if (!operation.equals("PutEvents")) {
            error(exchange, 400, "UnknownOperationException",
                    "the local event bus serves PutEvents only, not " + operation);
            return;
        }
        JsonNode request;
        try {
            request = Json.parse(LocalHttpServer.body(exchange));
        } catch (IllegalArgumentException | LocalHttpServer.BodyTooLargeException e) {
            error(exchange, 400, "SerializationException", e.getMessage());
            return;
        }
        try {
            LocalHttpServer.send(exchange, 200, CONTENT_TYPE, Json.bytes(bus.putEvents(request)));
        } catch (LocalEventBus.ValidationException e) {
            error(exchange, 400, "ValidationException", e.getMessage());
        }
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        LocalHttpServer.send(exchange, status, CONTENT_TYPE,
                Json.bytes(Json.object().put("__type", type).put("message", message)));
    }

    /** {@code GET /_local/events[?detail-type=…&source=…]}: the events on the log, oldest first. */
    public static HttpHandler listing(LocalEventBus bus) {
        return exchange -> {
            if (!exchange.getRequestMethod().equals("GET")) {
                LocalHttpServer.sendJson(exchange, 405, Json.object().put("message", "GET only"));
                return;
            }
            java.util.Map<String, String> query = dev.userbase.local.http.QueryString.parse(exchange.getRequestURI().getRawQuery());
            var events = Json.array();
            for (JsonNode event : bus.log().readAll()) {
                if (matches(event, "detail-type", query.get("detail-type"))
                        && matches(event, "source", query.get("source"))) {
                    events.add(event);
                }
            }
            LocalHttpServer.sendJson(exchange, 200, events);
        };
    }

    private static boolean matches(JsonNode event, String field, String wanted) {
        return wanted == null || wanted.equals(event.path(field).asText());
    }
}
