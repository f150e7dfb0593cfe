package dev.userbase.dynamodb.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.userbase.dynamodb.fault.FaultKind;
import dev.userbase.dynamodb.fault.Faults;
import dev.userbase.dynamodb.json.JsonTrees;

/**
 * The fault-injection control API over HTTP, for tools outside the JVM:
 * <ul>
 * <li>{@code GET /_faults}: the rules in force, with the calls each has left;</li>
 * <li>{@code POST /_faults} {@code {"operation":"PutItem","error":"ThrottlingException","count":2}}
 *     (or {@code "fraction":0.1}, {@code "latencyMillis":200}, {@code "afterApplying":true}): adds a rule;</li>
 * <li>{@code DELETE /_faults}: removes every rule; {@code DELETE /_faults/<id>}: one.</li>
 * </ul>
 */
final class FaultControl implements HttpHandler {

    private final Faults faults;

    FaultControl(Faults faults) {
        this.faults = faults;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            switch (method) {
                case "GET" -> send(exchange, 200, list());
                case "POST" -> {
                    JsonNode body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = JsonTrees.read(in.readNBytes(64 * 1024));
                    }
                    try {
                        Faults.Rule rule = faults.add(body.path("operation").asText("*"),
                                body.hasNonNull("error") ? FaultKind.parse(body.get("error").asText()) : null,
                                Duration.ofMillis(body.path("latencyMillis").asLong(0)),
                                body.has("count") ? body.get("count").asLong() : body.has("fraction") ? -1 : 1,
                                body.path("fraction").asDouble(1), body.path("afterApplying").asBoolean(false));
                        send(exchange, 201, view(rule));
                    } catch (IllegalArgumentException e) {
                        ObjectNode error = JsonNodeFactory.instance.objectNode().put("message", e.getMessage());
                        send(exchange, 400, error);
                    }
                }
                case "DELETE" -> {
                    String rest = path.substring("/_faults".length());
                    if (rest.isEmpty() || rest.equals("/")) {
                        faults.clear();
                        exchange.sendResponseHeaders(204, -1);
                    } else {
                        boolean removed;
                        try {
                            removed = faults.remove(Long.parseLong(rest.substring(1)));
                        } catch (NumberFormatException e) {
                            removed = false;
                        }
                        exchange.sendResponseHeaders(removed ? 204 : 404, -1);
                    }
                }
                default -> {
                    exchange.getResponseHeaders().set("Allow", "GET, POST, DELETE");
                    exchange.sendResponseHeaders(405, -1);
                }
            }
        }
    }

    private ObjectNode list() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode rules = node.putArray("rules");
        faults.rules().forEach(r -> rules.add(view(r)));
        node.put("injected", faults.injected());
        return node;
    }

    private static ObjectNode view(Faults.Rule r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", r.id());
        n.put("operation", r.operation());
        if (r.error() != null) {
            n.put("error", r.error().type());
        }
        n.put("latencyMillis", r.latency().toMillis());
        n.put("count", r.count());
        n.put("fraction", r.fraction());
        n.put("afterApplying", r.afterApplying());
        return n;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = WireServer.json(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
