package dev.userbase.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Cognito endpoint that never serves a call, on the wire (so the real SDK client, its retry
 * strategy and its call timeout are what is tested): {@link #throttling()} answers every request
 * as Cognito answers a request over its rate quota ({@code TooManyRequestsException}, HTTP 400),
 * {@link #silent()} reads the request and never answers until closed. Records the operation of
 * each request it received ({@code X-Amz-Target} without the service prefix).
 *
 * <pre>
 * try (UnwellCognito cognito = UnwellCognito.throttling()) {
 *     UsersConfig config = tables.config(Map.of(UsersConfig.COGNITO_ENDPOINT, cognito.endpoint().toString(), ...));
 * </pre>
 */
public final class UnwellCognito implements AutoCloseable {

    private static final String TARGET_PREFIX = "AWSCognitoIdentityProviderService.";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "unwell-cognito");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<String> operations = new CopyOnWriteArrayList<>();

    private UnwellCognito(boolean answers) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                serve(exchange, answers);
            }
        });
        server.start();
    }

    /** Every request refused as throttled, at once. */
    public static UnwellCognito throttling() {
        return new UnwellCognito(true);
    }

    /** Every request read, and never answered. */
    public static UnwellCognito silent() {
        return new UnwellCognito(false);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The operations of the requests received, in order ({@code AdminDisableUser}, ...). */
    public List<String> operations() {
        return List.copyOf(operations);
    }

    private void serve(HttpExchange exchange, boolean answers) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        operations.add(target == null ? "(none)" : target.replace(TARGET_PREFIX, ""));
        if (!answers) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        byte[] answer = "{\"__type\":\"TooManyRequestsException\",\"message\":\"Too many requests\"}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().set("x-amzn-ErrorType", "TooManyRequestsException");
        exchange.sendResponseHeaders(400, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
