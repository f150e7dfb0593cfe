package dev.userbase.bench.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import dev.userbase.dynamodb.sdk.LocalDynamoDb;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * GetItem and PutItem through the real Java SDK over HTTP, beside the transport floor: the same
 * client's same requests sent to the engine's {@code /_noop} path, which answers {@code {}} through
 * the same server and response code with no DynamoDB work. The three are interleaved call by call
 * in one process, so machine noise falls on all of them alike.
 *
 * <pre>bench/engine.sh latency [WARM-UP MEASURED]</pre>
 */
public final class EngineLatencyBenchmark {

    private static final String TABLE = "bench";

    private EngineLatencyBenchmark() {
    }

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        try (LocalDynamoDb engine = LocalDynamoDb.start();
                DynamoDbClient floor = engine.newClient(new ToFloor())) {
            DynamoDbClient client = engine.client();
            client.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH)));
            // a profile-sized item, as the project's tables hold
            Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("USER#0001"),
                    "email", AttributeValue.fromS("ann@example.com"), "givenName", AttributeValue.fromS("Ann"),
                    "familyName", AttributeValue.fromS("Example"), "status", AttributeValue.fromS("ACTIVE"),
                    "followerCount", AttributeValue.fromN("12"), "version", AttributeValue.fromN("3"),
                    "createdAt", AttributeValue.fromS("2026-12-02T10:00:00Z"));
            Map<String, AttributeValue> key = Map.of("pk", item.get("pk"));
            client.putItem(b -> b.tableName(TABLE).item(item));
            Runnable get = () -> client.getItem(b -> b.tableName(TABLE).key(key));
            Runnable put = () -> client.putItem(b -> b.tableName(TABLE).item(item));
            Runnable floorGet = () -> floor.getItem(b -> b.tableName(TABLE).key(key));
            Runnable floorPut = () -> floor.putItem(b -> b.tableName(TABLE).item(item));
            Runnable[] calls = {floorGet, get, floorPut, put};
            long[][] samples = new long[calls.length][measured];
            for (int i = 0; i < warmup; i++) {
                for (Runnable call : calls) {
                    call.run();
                }
            }
            for (int i = 0; i < measured; i++) {
                for (int c = 0; c < calls.length; c++) {
                    // rotate the order so no call always follows the same one
                    int which = (c + i) % calls.length;
                    long t0 = System.nanoTime();
                    calls[which].run();
                    samples[which][i] = System.nanoTime() - t0;
                }
            }
            System.out.printf(Locale.ROOT, "engine latency, Java SDK %s over HTTP on loopback, %d warm-up and %d measured calls each, interleaved%n",
                    software.amazon.awssdk.core.util.VersionInfo.SDK_VERSION, warmup, measured);
            System.out.printf(Locale.ROOT, "%-22s %9s %9s %9s%n", "call", "p50 µs", "p90 µs", "p99 µs");
            String[] names = {"floor (GetItem shape)", "GetItem", "floor (PutItem shape)", "PutItem"};
            double[][] p = new double[calls.length][];
            for (int c = 0; c < calls.length; c++) {
                p[c] = percentiles(samples[c]);
                System.out.printf(Locale.ROOT, "%-22s %9.1f %9.1f %9.1f%n", names[c], p[c][0], p[c][1], p[c][2]);
            }
            System.out.printf(Locale.ROOT, "GetItem p50 / floor p50 = %.2f (p99 %.2f); PutItem p50 / floor p50 = %.2f (p99 %.2f); target p50 <= 1.5%n",
                    p[1][0] / p[0][0], p[1][2] / p[0][2], p[3][0] / p[2][0], p[3][2] / p[2][2]);
        }
    }

    private static double[] percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new double[] {at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99)};
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1000.0;
    }

    /** Sends a request to the engine's {@code /_noop} path instead: the transport floor. */
    private static final class ToFloor implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().encodedPath("/_noop").build();
        }
    }
}
