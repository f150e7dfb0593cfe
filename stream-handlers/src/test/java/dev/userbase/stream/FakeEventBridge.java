package dev.userbase.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * EventBridge's PutEvents, served over HTTP for the real {@code EventBridgeClient}, with injected
 * faults: throttling (HTTP 400 ThrottlingException), server errors (HTTP 500), timeouts (no answer
 * within the client's attempt timeout; the entries are not put), and partial failures (some entries
 * answered with an ErrorCode). Entries put are kept in arrival order: the bus's view.
 */
final class FakeEventBridge implements AutoCloseable {

    enum Fault { NONE, THROTTLE, SERVER_ERROR, TIMEOUT, PARTIAL }

    /** One entry on the bus. */
    record Entry(String source, String detailType, String busName, String time, JsonNode detail) {

        String eventId() {
            return detail.path("eventId").asText();
        }

        String userId() {
            return detail.path("userId").asText();
        }
    }

    /** The event ids of {@code entries}, by user, each user's in the order of the entries. */
    static Map<String, List<String>> eventIdsByUser(List<Entry> entries) {
        Map<String, List<String>> byUser = new java.util.LinkedHashMap<>();
        entries.forEach(e -> byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e.eventId()));
        return byUser;
    }

    private final FakeAwsJsonEndpoint endpoint = new FakeAwsJsonEndpoint();
    private final List<Entry> entries = new ArrayList<>();
    private final Map<Fault, AtomicInteger> faults = new HashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Random dice;
    private volatile int faultPercent;
    private volatile long timeoutMillis = 1_000;

    FakeEventBridge() {
        for (Fault fault : Fault.values()) {
            faults.put(fault, new AtomicInteger());
        }
        endpoint.on("AWSEvents.PutEvents", this::putEvents);
    }

    java.net.URI endpoint() {
        return endpoint.endpoint();
    }

    /** From now on, {@code percent} % of calls meet a fault (each kind equally likely), decided by {@code seed}. */
    FakeEventBridge faults(int percent, long seed, long timeoutMillis) {
        this.faultPercent = percent;
        this.dice = new Random(seed);
        this.timeoutMillis = timeoutMillis;
        return this;
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    int faultCount(Fault fault) {
        return faults.get(fault).get();
    }

    int calls() {
        return calls.get();
    }

    private FakeAwsJsonEndpoint.Reply putEvents(JsonNode request) {
        calls.incrementAndGet();
        Fault fault = nextFault();
        faults.get(fault).incrementAndGet();
        switch (fault) {
            case THROTTLE:
                return FakeAwsJsonEndpoint.Reply.error(400, "ThrottlingException", "Rate exceeded");
            case SERVER_ERROR:
                return FakeAwsJsonEndpoint.Reply.error(500, "InternalException", "injected");
            case TIMEOUT:
                return new FakeAwsJsonEndpoint.Reply(500, Map.of("__type", "InternalException"), timeoutMillis);
            default:
                break;
        }
        List<Map<String, Object>> results = new ArrayList<>();
        int failedCount = 0;
        for (JsonNode entry : request.path("Entries")) {
            boolean fail = fault == Fault.PARTIAL && nextBoolean();
            if (fail) {
                failedCount++;
                results.add(Map.of("ErrorCode", nextBoolean() ? "ThrottlingException" : "InternalFailure",
                        "ErrorMessage", "injected"));
                continue;
            }
            String eventId = java.util.UUID.randomUUID().toString();
            try {
                Entry put = new Entry(entry.path("Source").asText(), entry.path("DetailType").asText(),
                        entry.path("EventBusName").asText(), entry.path("Time").asText(null),
                        FakeAwsJsonEndpoint.JSON.readTree(entry.path("Detail").asText()));
                synchronized (this) {
                    entries.add(put);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Detail is not JSON", e);
            }
            results.add(Map.of("EventId", eventId));
        }
        return FakeAwsJsonEndpoint.Reply.ok(Map.of("FailedEntryCount", failedCount, "Entries", results));
    }

    private synchronized Fault nextFault() {
        if (dice == null || dice.nextInt(100) >= faultPercent) {
            return Fault.NONE;
        }
        Fault[] kinds = {Fault.THROTTLE, Fault.SERVER_ERROR, Fault.TIMEOUT, Fault.PARTIAL};
        return kinds[dice.nextInt(kinds.length)];
    }

    private synchronized boolean nextBoolean() {
        return dice.nextBoolean();
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
