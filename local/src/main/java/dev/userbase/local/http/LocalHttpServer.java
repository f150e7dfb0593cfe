package dev.userbase.local.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import dev.userbase.local.Json;

/**
 * A small HTTP server on one address (the JDK's; the local stack needs nothing more). It binds when
 * created, so the port is known (and held) before the stack is ready, and serves once started.
 */
public final class LocalHttpServer implements AutoCloseable {

    /** Request bodies above this are refused: Lambda's and API Gateway's payload limits are far below it. */
    public static final int MAX_BODY_BYTES = 10 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;

    private LocalHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static LocalHttpServer bind(String host, int port, String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
            AtomicInteger counter = new AtomicInteger();
            ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            return new LocalHttpServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " for " + name
                    + " (is another stack running? ports can be moved with environment variables)", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + port();
    }

    public LocalHttpServer handle(String pathPrefix, HttpHandler handler) {
        server.createContext(pathPrefix, exchange -> {
            try (exchange) {
                handler.handle(exchange);
            } catch (RuntimeException | IOException e) {
                // A bug here must not hang the client: answer 500 if nothing was sent yet.
                if (exchange.getResponseCode() == -1) {
                    try {
                        sendJson(exchange, 500, Json.object().put("message", "local stack error: " + e));
                    } catch (IOException ignored) {
                        // client gone
                    }
                }
                org.apache.logging.log4j.LogManager.getLogger(LocalHttpServer.class)
                        .error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            }
        });
        return this;
    }

    public void start() {
        server.start();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** The request body, refused (413 by the caller) when larger than {@link #MAX_BODY_BYTES}. */
    public static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new BodyTooLargeException();
            }
            return body;
        }
    }

    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean empty = body == null || body.length == 0;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public static void sendJson(HttpExchange exchange, int status, Object json) throws IOException {
        send(exchange, status, "application/json", Json.bytes(json));
    }

    public static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A request body over the limit. */
    public static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        public BodyTooLargeException() {
            super("request body larger than " + MAX_BODY_BYTES + " bytes");
        }
    }
}
