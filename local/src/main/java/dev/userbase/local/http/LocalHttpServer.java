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

    /** How much of a refused body is read and discarded so that the client gets the refusal (see {@link #sendRefusingBody}). */
    static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;

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

    /**
     * The request body as {@link #body} reads it, but refused at once, unread, when its {@code Content-Length}
     * is over the limit (the JDK's server has parsed that header before any handler runs, and refused a
     * malformed one itself). Send the refusal with {@link #sendRefusingBody}: the body is still coming.
     */
    public static byte[] bodyUnlessDeclaredTooLarge(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && Long.parseLong(declared.trim()) > MAX_BODY_BYTES) {
            throw new BodyTooLargeException();
        }
        return body(exchange);
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

    /**
     * Answers a request whose body was refused before it was read whole ({@link BodyTooLargeException}) so
     * that the answer reaches the client. The client may still be sending: the JDK's server answers
     * {@code Expect: 100-continue} itself before any handler runs, and clients without it send the body
     * anyway. Closing a socket with unread bytes resets the connection, and the reset makes the client drop
     * the answer it has not read yet; so the answer is written and flushed first, then what the client still
     * sends is read and discarded (up to {@link #MAX_DISCARDED_BYTES}), then the connection is closed
     * ({@code Connection: close}). {@code body} is the answer's document, not empty.
     */
    public static void sendRefusingBody(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Connection", "close");
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body);
        out.flush();
        // The response body stays open until then: closing it closes the request body, of which the JDK's
        // server discards only 64 KB before it closes the connection.
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[64 * 1024];
            long discarded = 0;
            for (int n = in.read(buffer); n != -1 && discarded < MAX_DISCARDED_BYTES; n = in.read(buffer)) {
                discarded += n;
            }
        } catch (IOException e) {
            // the client stopped sending and closed: it has the answer or does not want it
        }
        out.close();
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
