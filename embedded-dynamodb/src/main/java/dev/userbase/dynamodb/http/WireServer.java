package dev.userbase.dynamodb.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.fault.FaultKind;
import dev.userbase.dynamodb.fault.Faults;
import dev.userbase.dynamodb.json.JsonTrees;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.ops.Operations;

/**
 * The JSON 1.0 wire protocol over HTTP: {@code POST /} with {@code X-Amz-Target:
 * DynamoDB_20120810.<Operation>} (or {@code DynamoDBStreams_20120810.<Operation>}), answered as
 * DynamoDB answers, with {@code x-amzn-RequestId} and {@code x-amz-crc32}. Signatures are accepted
 * unchecked, as DynamoDB Local accepts them. {@code /_faults} is the fault-injection control API.
 */
public final class WireServer implements AutoCloseable {

    private static final int MAX_BODY = 16 * 1024 * 1024 + 1024;
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Operations operations;
    private final Faults faults;
    private final String region;

    static {
        // Without TCP_NODELAY a response's headers and body leave as two segments and the second waits
        // for the client's delayed ACK: 40 ms a call. The JDK server reads this once, when first used.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // The JDK server closes a keep-alive connection idle for 30 s; a client that picks that pooled
        // connection in the same instant gets "socket hang up" (the conformance suite's Node client
        // did, between test files). Ten minutes makes the race as unlikely as against DynamoDB.
        if (System.getProperty("sun.net.httpserver.idleInterval") == null) {
            System.setProperty("sun.net.httpserver.idleInterval", "600");
        }
    }

    public WireServer(String host, int port, Operations operations, Faults faults, String region) throws IOException {
        this.operations = operations;
        this.faults = faults;
        this.region = region;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 256);
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(4, 256, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "embedded-dynamodb-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.createContext("/_faults", new FaultControl(faults));
        server.createContext("/_noop", this::noop);
        server.start();
    }

    public URI endpoint() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + address.getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"POST".equals(method)) {
                // DynamoDB answers a plain GET with its health line
                byte[] body = ("healthy: dynamodb." + region + ".amazonaws.com ").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            String requestId = UUID.randomUUID().toString().replace("-", "").toUpperCase();
            byte[] requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = in.readNBytes(MAX_BODY + 1);
            }
            ObjectNode response;
            int status = 200;
            try {
                response = handle(exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                        exchange.getRequestHeaders().getFirst("Authorization"), requestBody);
            } catch (DynamoDbException e) {
                status = e.status();
                response = error(e);
            } catch (RuntimeException e) {
                status = 500;
                response = error(DynamoDbException.internal("Internal server error: " + e));
            }
            send(exchange, status, requestId, JsonTrees.write(response));
        }
    }

    /**
     * Answers {@code {}} to any request, through the same server, threads and response path as the
     * real operations: the transport floor the engine's latency is measured against.
     */
    private void noop(HttpExchange exchange) throws IOException {
        try (exchange) {
            try (InputStream in = exchange.getRequestBody()) {
                in.readNBytes(MAX_BODY + 1);
            }
            send(exchange, 200, "NOOP", EMPTY_OBJECT);
        }
    }

    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

    private ObjectNode handle(String target, String authorization, byte[] body) {
        if (body.length > MAX_BODY) {
            throw DynamoDbException.of("RequestEntityTooLarge", "Request entity too large").withStatus(413);
        }
        if (target == null || target.indexOf('.') < 0) {
            throw DynamoDbException.unknownOperation(target);
        }
        if (authorization == null || authorization.isBlank()) {
            throw DynamoDbException.of("MissingAuthenticationTokenException", "Request is missing Authentication Token");
        }
        int dot = target.indexOf('.');
        String service = target.substring(0, dot);
        String operation = target.substring(dot + 1);
        JsonNode request;
        try {
            request = body.length == 0 ? JsonNodeFactory.instance.objectNode() : JsonTrees.read(body);
        } catch (IOException e) {
            throw DynamoDbException.of("SerializationException", "Start of structure or map found where not expected");
        }
        if (request == null || !request.isObject()) {
            throw DynamoDbException.of("SerializationException", "Start of structure or map found where not expected");
        }
        Optional<Faults.Effect> fault = faults.next(operation);
        if (fault.isPresent()) {
            Faults.Effect effect = fault.get();
            sleep(effect.latency());
            if (effect.error().isPresent()) {
                if (effect.afterApplying() && Operations.WRITES.contains(operation)) {
                    operations.call(service, operation, request);
                }
                throw injected(effect.error().get(), operation, request);
            }
        }
        return operations.call(service, operation, request);
    }

    private static DynamoDbException injected(FaultKind kind, String operation, JsonNode request) {
        if (kind == FaultKind.TRANSACTION_CONFLICT && operation.startsWith("Transact")) {
            int n = request.path("TransactItems").size();
            java.util.List<DynamoDbException.CancellationReason> reasons = new java.util.ArrayList<>();
            for (int i = 0; i < Math.max(1, n); i++) {
                reasons.add(new DynamoDbException.CancellationReason("TransactionConflict",
                        "Transaction is ongoing for the item", Optional.empty()));
            }
            return DynamoDbException.transactionCanceled(reasons);
        }
        return DynamoDbException.of(kind.type(), kind.message()).withStatus(kind.status());
    }

    private static void sleep(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode error(DynamoDbException e) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        String prefix = "ValidationException".equals(e.type()) || "SerializationException".equals(e.type())
                ? "com.amazon.coral.validate#" : "com.amazonaws.dynamodb.v20120810#";
        if ("UnknownOperationException".equals(e.type()) || "MissingAuthenticationTokenException".equals(e.type())) {
            prefix = "com.amazon.coral.service#";
        }
        node.put("__type", prefix + e.type());
        if (e.getMessage() != null) {
            node.put("message", e.getMessage());
        }
        e.item().ifPresent(item -> node.set("Item", ValueCodec.encodeItem(item)));
        if (!e.reasons().isEmpty()) {
            ArrayNode reasons = node.putArray("CancellationReasons");
            for (DynamoDbException.CancellationReason r : e.reasons()) {
                ObjectNode reason = reasons.addObject();
                reason.put("Code", r.code());
                if (r.message() != null) {
                    reason.put("Message", r.message());
                }
                r.item().ifPresent(item -> reason.set("Item", ValueCodec.encodeItem(item)));
            }
        }
        return node;
    }

    private static void send(HttpExchange exchange, int status, String requestId, byte[] body) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static byte[] json(JsonNode value) {
        return JsonTrees.write(value);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
