package dev.userbase.bench.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * EventBridge's PutEvents over HTTP (AWS JSON 1.1, on a free port) for the real
 * {@code EventBridgeClient}: accepts every entry and counts calls and entries. Nothing else: the
 * fault-injecting fake the tests use stays in stream-handlers' tests.
 */
final class AcceptingEventBridge implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "accepting-eventbridge");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();

    AcceptingEventBridge() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    long calls() {
        return calls.get();
    }

    long entries() {
        return entries.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body;
            int status;
            if ("AWSEvents.PutEvents".equals(target)) {
                JsonNode request = JSON.readTree(in.readAllBytes());
                ObjectNode reply = JSON.createObjectNode().put("FailedEntryCount", 0);
                ArrayNode results = reply.putArray("Entries");
                for (JsonNode ignored : request.path("Entries")) {
                    results.addObject().put("EventId", UUID.randomUUID().toString());
                }
                calls.incrementAndGet();
                entries.addAndGet(results.size());
                body = JSON.writeValueAsBytes(reply);
                status = 200;
            } else {
                body = ("{\"__type\":\"UnknownOperationException\",\"message\":\"not served here: " + target + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                status = 400;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
