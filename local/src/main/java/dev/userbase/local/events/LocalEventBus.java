package dev.userbase.local.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.local.Json;
import software.amazon.event.ruler.GenericMachine;

/**
 * EventBridge on one machine: buses, rules matched with event-ruler (the engine EventBridge itself
 * uses), asynchronous delivery to targets with retries. Every accepted event is appended to the event
 * log before {@code PutEvents} answers, in the form targets receive it.
 */
public final class LocalEventBus implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(LocalEventBus.class);
    /** EventBridge's limit on the total size of one PutEvents request. */
    static final int MAX_REQUEST_BYTES = 256 * 1024;
    static final int MAX_ENTRIES = 10;

    private final String region;
    private final String account;
    private final Clock clock;
    private final EventLog log;
    private final Set<String> buses = ConcurrentHashMap.newKeySet();
    private final Map<String, BusRules> rules = new ConcurrentHashMap<>();
    private final ExecutorService delivery;
    private final List<Duration> retryDelays;

    public LocalEventBus(String region, String account, Clock clock, EventLog log, List<Duration> retryDelays) {
        this.region = region;
        this.account = account;
        this.clock = clock;
        this.log = log;
        this.retryDelays = List.copyOf(retryDelays);
        AtomicInteger counter = new AtomicInteger();
        this.delivery = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "eventbridge-delivery-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        buses.add("default");
    }

    public void createBus(String name) {
        buses.add(name);
    }

    public Set<String> buses() {
        return Set.copyOf(buses);
    }

    public EventLog log() {
        return log;
    }

    /**
     * Adds a rule: events on {@code bus} that match {@code eventPattern} (EventBridge pattern syntax)
     * go to each target.
     */
    public void addRule(String bus, String ruleName, JsonNode eventPattern, List<EventTarget> targets) {
        createBus(bus);
        BusRules busRules = rules.computeIfAbsent(bus, b -> new BusRules());
        try {
            busRules.add(ruleName, Json.string(eventPattern), targets);
        } catch (Exception e) {
            throw new IllegalArgumentException("rule " + ruleName + ": invalid event pattern: " + e.getMessage(), e);
        }
    }

    /**
     * {@code PutEvents}: the request as the SDK sends it, the response as EventBridge returns it.
     * Invalid entries fail one by one ({@code FailedEntryCount}); a request over the limits fails whole.
     */
    public ObjectNode putEvents(JsonNode request) {
        JsonNode entries = request.path("Entries");
        if (!entries.isArray() || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw new ValidationException("1 validation error detected: Value at 'entries' failed to satisfy "
                    + "constraint: Member must have length between 1 and " + MAX_ENTRIES);
        }
        int size = 0;
        for (JsonNode entry : entries) {
            size += entrySize(entry);
        }
        if (size > MAX_REQUEST_BYTES) {
            throw new ValidationException("Total size of the entries in the request is over the limit.");
        }
        ObjectNode response = Json.object();
        ArrayNode results = response.putArray("Entries");
        int failed = 0;
        for (JsonNode entry : entries) {
            ObjectNode result = results.addObject();
            String error = validate(entry);
            if (error != null) {
                failed++;
                result.put("ErrorCode", error.startsWith("Detail") ? "MalformedDetail" : "InvalidArgument");
                result.put("ErrorMessage", error);
                continue;
            }
            String bus = busName(entry.path("EventBusName").asText("default"));
            if (!buses.contains(bus)) {
                failed++;
                result.put("ErrorCode", "NotFoundException");
                result.put("ErrorMessage", "Event bus " + bus + " does not exist.");
                continue;
            }
            ObjectNode event = toEvent(entry);
            log.append(event);
            result.put("EventId", event.get("id").asText());
            route(bus, event);
        }
        response.put("FailedEntryCount", failed);
        return response;
    }

    private ObjectNode toEvent(JsonNode entry) {
        Instant time = entry.hasNonNull("Time")
                ? Instant.ofEpochMilli((long) (entry.get("Time").asDouble() * 1000))
                : clock.instant();
        ObjectNode event = Json.object();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", entry.get("DetailType").asText());
        event.put("source", entry.get("Source").asText());
        event.put("account", account);
        event.put("time", DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS)));
        event.put("region", region);
        ArrayNode resources = event.putArray("resources");
        entry.path("Resources").forEach(resources::add);
        event.set("detail", Json.parse(entry.get("Detail").asText()));
        return event;
    }

    private void route(String bus, ObjectNode event) {
        BusRules busRules = rules.get(bus);
        if (busRules == null) {
            return;
        }
        for (String ruleName : busRules.matching(event)) {
            for (EventTarget target : busRules.targets(ruleName)) {
                delivery.submit(() -> deliverWithRetries(ruleName, target, event));
            }
        }
    }

    private void deliverWithRetries(String ruleName, EventTarget target, ObjectNode event) {
        for (int attempt = 0; ; attempt++) {
            try {
                target.deliver(event.deepCopy());
                return;
            } catch (Exception e) {
                if (attempt >= retryDelays.size()) {
                    LOG.warn("rule {}: gave up delivering event {} ({}) to {} after {} attempts: {}", ruleName,
                            event.get("id").asText(), event.get("detail-type").asText(), target.describe(),
                            attempt + 1, e.toString());
                    return;
                }
                try {
                    Thread.sleep(retryDelays.get(attempt).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** An entry's validation error, as EventBridge words it, or {@code null}. */
    private static String validate(JsonNode entry) {
        for (String field : List.of("Source", "DetailType", "Detail")) {
            if (!entry.hasNonNull(field) || entry.get(field).asText().isBlank()) {
                return "Parameter " + field + " is not valid. Reason: " + field + " is a required argument.";
            }
        }
        try {
            if (!Json.parse(entry.get("Detail").asText()).isObject()) {
                return "Detail is malformed.";
            }
        } catch (IllegalArgumentException e) {
            return "Detail is malformed.";
        }
        return null;
    }

    private static int entrySize(JsonNode entry) {
        int size = 14; // EventBridge counts a Time of 14 bytes whether or not it is given
        for (String field : List.of("Source", "DetailType", "Detail")) {
            size += entry.path(field).asText("").getBytes(StandardCharsets.UTF_8).length;
        }
        for (JsonNode resource : entry.path("Resources")) {
            size += resource.asText().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }

    /** A bus named by name or ARN ({@code arn:aws:events:region:account:event-bus/name}). */
    static String busName(String nameOrArn) {
        int slash = nameOrArn.lastIndexOf('/');
        return nameOrArn.startsWith("arn:") && slash >= 0 ? nameOrArn.substring(slash + 1) : nameOrArn;
    }

    @Override
    public void close() {
        delivery.shutdown();
        try {
            delivery.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delivery.shutdownNow();
    }

    /** A request EventBridge would refuse as a whole. */
    public static final class ValidationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ValidationException(String message) {
            super(message);
        }
    }

    /** The rules of one bus: one event-ruler machine (thread-safe for matching), targets by rule name. */
    private static final class BusRules {
        private final GenericMachine<String> machine = GenericMachine.<String>builder().build();
        private final Map<String, List<EventTarget>> targets = new LinkedHashMap<>();

        synchronized void add(String name, String pattern, List<EventTarget> ruleTargets) throws Exception {
            if (targets.containsKey(name)) {
                throw new IllegalArgumentException("rule " + name + " exists");
            }
            machine.addRule(name, pattern);
            targets.put(name, List.copyOf(ruleTargets));
        }

        Set<String> matching(JsonNode event) {
            // rulesForJSONEvent matches arrays element by element, as EventBridge does
            return new LinkedHashSet<>(machine.rulesForJSONEvent(event));
        }

        synchronized List<EventTarget> targets(String name) {
            return new ArrayList<>(targets.getOrDefault(name, List.of()));
        }
    }
}
