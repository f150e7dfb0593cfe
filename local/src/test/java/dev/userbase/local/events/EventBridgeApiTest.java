package dev.userbase.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.local.Json;
import dev.userbase.local.LocalClients;
import dev.userbase.local.http.LocalHttpServer;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** The local bus through the SDK's own {@code EventBridgeClient}: log, rules, targets, per-entry failures. */
class EventBridgeApiTest {

    @TempDir
    Path dir;
    private LocalEventBus bus;
    private LocalHttpServer server;
    private EventBridgeClient eventBridge;
    private final List<ObjectNode> delivered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        bus = new LocalEventBus("us-east-1", "000000000000", Clock.systemUTC(), new EventLog(dir.resolve("events.jsonl"), false),
                List.of(Duration.ofMillis(10), Duration.ofMillis(10)));
        bus.createBus("users");
        EventBridgeApi api = new EventBridgeApi(bus);
        server = LocalHttpServer.bind("127.0.0.1", 0, "test")
                .handle("/", api::handle)
                .handle("/_local/events", EventBridgeApi.listing(bus));
        server.start();
        eventBridge = LocalClients.of(EventBridgeClient.builder(), URI.create(server.url()));
    }

    @AfterEach
    void stop() {
        eventBridge.close();
        server.close();
        bus.close();
    }

    @Test
    void putEvents_logsEachEventInTheFormTargetsReceive() throws Exception {
        PutEventsResponse response = eventBridge.putEvents(r -> r.entries(
                entry("user.created", "{\"version\":\"1.0\",\"userId\":\"u1\"}").toBuilder()
                        .time(Instant.parse("2026-03-01T10:00:00Z")).resources("arn:x").build()));

        assertThat(response.failedEntryCount()).isZero();
        String id = response.entries().get(0).eventId();
        List<String> lines = Files.readAllLines(dir.resolve("events.jsonl"));
        assertThat(lines).hasSize(1);
        JsonNode event = Json.parse(lines.get(0));
        assertThat(event.get("id").asText()).isEqualTo(id);
        assertThat(event.get("detail-type").asText()).isEqualTo("user.created");
        assertThat(event.get("source").asText()).isEqualTo("users.service");
        assertThat(event.get("time").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(event.get("resources").get(0).asText()).isEqualTo("arn:x");
        assertThat(event.get("detail").get("userId").asText()).isEqualTo("u1");
        assertThat(event.get("region").asText()).isEqualTo("us-east-1");
    }

    @Test
    void putEvents_invalidEntriesFailOneByOne() {
        PutEventsResponse response = eventBridge.putEvents(r -> r.entries(
                entry("user.created", "{\"ok\":true}"),
                entry("user.created", "not json"),
                entry("user.created", "{}").toBuilder().eventBusName("nope").build(),
                PutEventsRequestEntry.builder().eventBusName("users").detailType("x").detail("{}").build()));

        assertThat(response.failedEntryCount()).isEqualTo(3);
        assertThat(response.entries().get(0).eventId()).isNotBlank();
        assertThat(response.entries().get(1).errorCode()).isEqualTo("MalformedDetail");
        assertThat(response.entries().get(2).errorMessage()).contains("nope does not exist");
        assertThat(response.entries().get(3).errorMessage()).contains("Source is a required argument");
        assertThat(bus.log().readAll()).hasSize(1);
    }

    @Test
    void putEvents_tooManyEntries_isAValidationError() {
        PutEventsRequestEntry[] eleven = new PutEventsRequestEntry[11];
        java.util.Arrays.fill(eleven, entry("user.created", "{}"));

        assertThatThrownBy(() -> eventBridge.putEvents(r -> r.entries(eleven)))
                .isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("Member must have length between 1 and 10");
    }

    @Test
    void rules_matchWithEventPatterns_andDeliverToTheirTargets() throws Exception {
        bus.addRule("users", "follows", Json.parse("{\"detail-type\":[\"user.followed\"],\"detail\":{\"userId\":[{\"prefix\":\"a\"}]}}"),
                List.of(delivered::add));

        eventBridge.putEvents(r -> r.entries(
                entry("user.followed", "{\"userId\":\"ann\"}"),
                entry("user.followed", "{\"userId\":\"bob\"}"),
                entry("user.created", "{\"userId\":\"amy\"}")));

        awaitDeliveries(1);
        Thread.sleep(100);
        assertThat(delivered).singleElement().satisfies(e -> assertThat(e.get("detail").get("userId").asText()).isEqualTo("ann"));
    }

    @Test
    void failingTarget_isRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        bus.addRule("users", "flaky", Json.parse("{\"source\":[\"users.service\"]}"), List.of(event -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("down");
            }
            delivered.add(event);
        }));

        eventBridge.putEvents(r -> r.entries(entry("user.created", "{}")));

        awaitDeliveries(1);
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void rulesFile_webhookTargetReceivesTheEvent() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        LocalHttpServer hook = LocalHttpServer.bind("127.0.0.1", 0, "hook").handle("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    + " " + exchange.getRequestHeaders().getFirst("X-Token"));
            LocalHttpServer.send(exchange, 204, null, null);
        });
        hook.start();
        try (hook) {
            Path rules = dir.resolve("rules.json");
            Files.writeString(rules, """
                    {"rules": [{"name": "to-hook", "eventPattern": {"detail-type": ["user.created"]},
                                "targets": [{"type": "webhook", "url": "%s/hook", "headers": {"X-Token": "t0k"}}]}]}
                    """.formatted(hook.url()));
            assertThat(EventRulesFile.load(rules, bus, "users", name -> null)).containsExactly("to-hook");

            eventBridge.putEvents(r -> r.entries(entry("user.created", "{\"userId\":\"u9\"}")));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (bodies.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(bodies).singleElement().satisfies(b -> {
                assertThat(b).contains("\"userId\":\"u9\"").contains("\"detail-type\":\"user.created\"");
                assertThat(b).endsWith(" t0k");
            });
        }
    }

    @Test
    void rulesFile_unknownTargetType_isRefusedWithTheFileNamed() throws Exception {
        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, "{\"rules\":[{\"name\":\"r\",\"eventPattern\":{},\"targets\":[{\"type\":\"sqs\"}]}]}");

        assertThatThrownBy(() -> EventRulesFile.load(rules, bus, "users", name -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rules.json").hasMessageContaining("webhook, function or console");
    }

    @Test
    void listing_filtersByDetailType() throws Exception {
        eventBridge.putEvents(r -> r.entries(entry("user.created", "{}"), entry("user.followed", "{}")));

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.url() + "/_local/events?detail-type=user.followed")).build(), HttpResponse.BodyHandlers.ofString());

        JsonNode events = Json.parse(response.body());
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("detail-type").asText()).isEqualTo("user.followed");
    }

    private void awaitDeliveries(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (delivered.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(delivered).hasSizeGreaterThanOrEqualTo(count);
    }

    private static PutEventsRequestEntry entry(String type, String detail) {
        return PutEventsRequestEntry.builder().eventBusName("users").source("users.service").detailType(type).detail(detail).build();
    }
}
