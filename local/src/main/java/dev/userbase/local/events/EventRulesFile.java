package dev.userbase.local.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.local.Json;
import dev.userbase.local.lambda.LocalFunction;

/**
 * Rules and targets from a JSON file, so a developer can send the pipeline's events to their own
 * service without code:
 *
 * <pre>
 * { "rules": [ { "name": "to-my-service",
 *                "eventBusName": "users",                      (default: the stack's bus)
 *                "eventPattern": { "detail-type": ["user.created"] },
 *                "targets": [ { "type": "webhook", "url": "http://127.0.0.1:9000/hook", "headers": {} },
 *                             { "type": "function", "function": "name-of-a-local-function" },
 *                             { "type": "console" } ] } ] }
 * </pre>
 */
public final class EventRulesFile {

    private static final Logger LOG = LogManager.getLogger(EventRulesFile.class);

    private EventRulesFile() {
    }

    /**
     * Adds the file's rules to the bus.
     *
     * @param functions finds a local function by name, for {@code function} targets
     * @return the names of the rules added
     */
    public static List<String> load(Path file, LocalEventBus bus, String defaultBus,
                                    Function<String, LocalFunction> functions) {
        JsonNode root;
        try {
            root = Json.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read event rules " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        List<String> added = new ArrayList<>();
        for (JsonNode rule : root.path("rules")) {
            String name = required(rule, "name", file);
            JsonNode pattern = rule.get("eventPattern");
            if (pattern == null || !pattern.isObject()) {
                throw new IllegalArgumentException(file + ": rule " + name + " needs an eventPattern object");
            }
            List<EventTarget> targets = new ArrayList<>();
            for (JsonNode target : rule.path("targets")) {
                targets.add(target(target, name, file, functions));
            }
            if (targets.isEmpty()) {
                throw new IllegalArgumentException(file + ": rule " + name + " has no targets");
            }
            bus.addRule(rule.path("eventBusName").asText(defaultBus), name, pattern, targets);
            added.add(name);
        }
        return added;
    }

    private static EventTarget target(JsonNode target, String rule, Path file, Function<String, LocalFunction> functions) {
        String type = target.path("type").asText("");
        switch (type) {
            case "webhook" -> {
                Map<String, String> headers = new LinkedHashMap<>();
                target.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
                return new WebhookTarget(URI.create(required(target, "url", file)), headers);
            }
            case "function" -> {
                return new FunctionTarget(functions.apply(required(target, "function", file)));
            }
            case "console" -> {
                return new EventTarget() {
                    @Override
                    public void deliver(com.fasterxml.jackson.databind.node.ObjectNode event) {
                        LOG.info("[rule {}] {} {}", rule, event.path("detail-type").asText(), event.path("detail"));
                    }

                    @Override
                    public String describe() {
                        return "console";
                    }
                };
            }
            default -> throw new IllegalArgumentException(file + ": rule " + rule
                    + ": target type must be webhook, function or console, not '" + type + "'");
        }
    }

    private static String required(JsonNode node, String field, Path file) {
        String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException(file + ": '" + field + "' is required in " + node);
        }
        return value;
    }
}
