package dev.userbase.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP endpoint on 127.0.0.1 (ephemeral port) speaking the AWS JSON 1.1 protocol, so the real
 * SDK clients call it as they would call AWS: {@code POST /} with {@code X-Amz-Target:
 * <Service>.<Operation>}, answered with JSON or an error ({@code __type}, {@code message}).
 */
class FakeAwsJsonEndpoint implements AutoCloseable {

    /** An operation's answer: HTTP status and JSON body; a {@code delay} first, as a slow server. */
    record Reply(int status, Object body, long delayMillis) {

        static Reply ok(Object body) {
            return new Reply(200, body, 0);
        }

        static Reply error(int status, String type, String message) {
            return new Reply(status, Map.of("__type", type, "message", message), 0);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "fake-aws-endpoint");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Function<JsonNode, Reply>> operations = new ConcurrentHashMap<>();

    FakeAwsJsonEndpoint() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a local port", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code target} (e.g. {@code AWSEvents.PutEvents}) with the given function of the request body. */
    FakeAwsJsonEndpoint on(String target, Function<JsonNode, Reply> operation) {
        operations.put(target, operation);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode body = JSON.readTree(in.readAllBytes());
            Function<JsonNode, Reply> operation = target == null ? null : operations.get(target);
            Reply reply = operation == null
                    ? Reply.error(400, "UnknownOperationException", "not served here: " + target)
                    : operation.apply(body);
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = JSON.writeValueAsBytes(reply.body());
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            } catch (IOException clientGaveUp) {
                // the client timed out and closed the connection
            }
        } catch (RuntimeException e) {
            byte[] bytes = ("{\"__type\":\"InternalFailure\",\"message\":\"" + e + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
