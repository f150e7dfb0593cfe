package dev.userbase.bench.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import dev.userbase.dynamodb.EmbeddedDynamoDb;

/**
 * Start-up of the engine in-process, to its first answered request: {@code EmbeddedDynamoDb.start()}
 * then one DescribeLimits over a plain socket (no SDK, so only the engine's start is timed). The
 * first start in a JVM includes loading the engine's classes (and Jackson's); the later ones are what
 * a test class gets from the JUnit extension. Run by bench/engine.sh start, in a fresh JVM each time;
 * bench/engine.sh profile runs it with one part preloaded ({@link #preload}) to show what the first
 * start spends its time on.
 */
public final class EngineStartBenchmark {

    private EngineStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String preload = args.length > 1 ? args[1] : "none";
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAt = System.currentTimeMillis();
        double preloadMillis = preload(preload);
        double[] times = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            try (EmbeddedDynamoDb engine = EmbeddedDynamoDb.start()) {
                describeLimits(engine.port());
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double later = 0;
        for (int i = 1; i < repeats; i++) {
            later += times[i];
        }
        System.out.printf(Locale.ROOT, "jvm-to-main %d ms; %sfirst start to first answer %.1f ms; later starts %.1f ms on average (%d)%n",
                mainAt - jvmStart, preload.equals("none") ? "" : "preloaded " + preload + " in " + String.format(Locale.ROOT, "%.1f", preloadMillis) + " ms, then ",
                times[0], later / Math.max(1, repeats - 1), repeats - 1);
    }

    /**
     * Where the first start's time goes: does one part of what the engine uses before timing it, so
     * the first start no longer pays for it (bench/engine.sh profile compares them in fresh JVMs).
     * {@code jackson}: an ObjectMapper reading and writing a tree, as the wire protocol does;
     * {@code httpserver}: the JDK's HTTP server started and stopped; {@code uuid}: a random UUID
     * (SecureRandom's seeding); {@code none}.
     */
    private static double preload(String what) throws Exception {
        long t0 = System.nanoTime();
        switch (what) {
            case "none" -> {
            }
            case "jackson" -> {
                com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
                json.writeValueAsBytes(json.readTree("{\"TableName\":\"t\",\"Key\":{\"pk\":{\"S\":\"a\"}}}"));
            }
            case "httpserver" -> {
                com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
                server.start();
                server.stop(0);
            }
            case "uuid" -> java.util.UUID.randomUUID();
            default -> throw new IllegalArgumentException("preload one of none, jackson, httpserver, uuid: " + what);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void describeLimits(int port) throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/x-amz-json-1.0\r\n"
                + "X-Amz-Target: DynamoDB_20120810.DescribeLimits\r\nAuthorization: AWS4-HMAC-SHA256 Credential=x\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!response.startsWith("HTTP/1.1 200") || !response.contains("AccountMaxReadCapacityUnits")) {
                throw new IllegalStateException("unexpected answer: " + response);
            }
        }
    }
}
