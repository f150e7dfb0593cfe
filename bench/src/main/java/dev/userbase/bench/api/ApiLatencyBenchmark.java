package dev.userbase.bench.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import dev.userbase.api.AdminApiHandler;
import dev.userbase.api.ApiHandler;
import dev.userbase.api.ApiServices;
import dev.userbase.api.SelfApiHandler;
import dev.userbase.api.SocialApiHandler;
import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.TestApi;
import dev.userbase.api.testing.TestProvisioning;
import dev.userbase.api.testing.TestUser;
import dev.userbase.bench.support.BenchMain;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.paging.CursorCodec;
import dev.userbase.core.table.IdempotencyTable;
import dev.userbase.core.table.UsersTable;
import dev.userbase.core.testing.TestDynamoDb;
import dev.userbase.testing.LambdaTestContext;
import dev.userbase.core.testing.LocalTables;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Per route: in-process latency of the handler (event in, response out) against the embedded DynamoDB engine,
 * beside the bare SDK calls the route makes, and the capacity units those calls consume.
 *
 * <p>The baseline is exact by construction: each handler invocation's DynamoDB requests are
 * recorded (as the handler built them) and the same requests are sent again through the same
 * client, from the same table state (write routes put the tables back before each run). So the
 * ratio is the handler's own cost (routing, claims, validation, JSON, Powertools aspects, problem
 * mapping) over the storage calls it cannot avoid. Cognito is a fake here, so its calls cost nothing.
 *
 * <pre>
 * bench/api.sh latency [warm-up iterations] [measured iterations] [ROUTE,ROUTE…]
 * </pre>
 * The handlers run in this JVM (their classes from api-handlers, the tests' {@code TestApi} over
 * {@code LocalTables}), so this measures warm invocations; the cold start is {@link ApiColdStartSuite}.
 */
public final class ApiLatencyBenchmark {

    private static final Map<String, List<String>> KEYS = new java.util.HashMap<>();

    private final TestApi api;
    private final SdkRecorder recorder = new SdkRecorder();
    private final DynamoDbClient dynamoDb;
    private final ApiServices services;
    private final SelfApiHandler self;
    private final SocialApiHandler social;
    private final AdminApiHandler admin;
    private TestUser ann;
    private TestUser bob;
    private TestUser boss;

    private ApiLatencyBenchmark(LocalTables tables) {
        this.api = new TestApi(tables);
        KEYS.put(tables.usersTable(), List.of(UsersTable.PK, UsersTable.SK));
        KEYS.put(tables.idempotencyTable(), List.of(IdempotencyTable.PK));
        this.dynamoDb = TestDynamoDb.shared().newClient(recorder);
        UsersConfig config = tables.config(Map.of(UsersConfig.USER_POOL_ID, "bench"));
        this.services = ApiServices.builder(dynamoDb, config, api.clock)
                .cursors(CursorCodec.withKeys(List.of(TestApi.CURSOR_KEY)))
                .userPool(api.pool)
                .delivery(api.outbox::add)
                .provisioning(new TestProvisioning(dynamoDb, tables.usersTable(), api.clock))
                .build();
        this.self = new SelfApiHandler(services);
        this.social = new SocialApiHandler(services);
        this.admin = new AdminApiHandler(services);
    }

    public static void main(String[] args) {
        BenchMain.run(() -> run(args)); // the tests' shared engine is stopped by its shutdown hook
    }

    private static void run(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        LocalTables tables = new LocalTables();
        tables.beforeEach(null);
        ApiLatencyBenchmark bench = new ApiLatencyBenchmark(tables);
        bench.seed();
        List<Scenario> scenarios = bench.scenarios();
        if (args.length > 2) {
            List<String> only = List.of(args[2].split(","));
            scenarios = scenarios.stream().filter(s -> only.contains(s.route().name())).toList();
        }
        System.out.printf(Locale.ROOT, "%d warm-up + %d measured invocations per route; JDK %s; %d CPUs%n%n",
                warmup, measured, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.println("| route | handler p50 | handler p99 | bare SDK p50 | bare SDK p99 | ratio p50 | ratio p99 "
                + "| SDK calls | RCU | WCU |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Scenario scenario : scenarios) {
            System.out.println(bench.run(scenario, warmup, measured));
        }
        System.out.println();
        System.out.println("Capacity per call of each route's last measured invocation (ReturnConsumedCapacity INDEXES):");
        System.out.println();
        bench.capacityDetails.forEach((route, details) -> System.out.println("- " + route + ": " + String.join("; ", details)));
    }

    private void seed() {
        ann = api.user("ann-sub", "ann@example.com", "Ann Example");
        bob = api.user("bob-sub", "bob@example.com", "Bob Builder");
        boss = api.admin("boss-sub", "boss@example.com");
        api.user("del-sub", "del@example.com", "Del Etable");
        api.user("eve-sub", "eve@example.com", "Eve Mailer");
        api.user("target-sub", "target@example.com", "Target");
        api.user("erase-sub", "erase@example.com", "Erin Erased");
        TestUser gone = api.user("gone-sub", "gone@example.com", "Gil Gone");
        api.call(ApiEvents.request(ApiRoute.DELETE_ME).as(gone)); // in its grace period: what RESTORE_USER restores
        for (int i = 0; i < 30; i++) {
            TestUser fan = api.user(String.format("fan-%02d", i), "fan" + i + "@example.com", String.format("Emma %02d", i));
            api.call(ApiEvents.request(ApiRoute.FOLLOW).as(fan).id("bob-sub"));
            if (i < 20) {
                api.call(ApiEvents.request(ApiRoute.FOLLOW).as(ann).id(fan.sub()));
            }
        }
        api.call(ApiEvents.request(ApiRoute.ASSIGN_ROLE).as(boss).id("bob-sub").role("editor"));
        api.put(new UserPreferences("ann-sub", "{\"theme\":\"dark\",\"notifications\":{\"email\":false,\"push\":true}}",
                1, api.clock.instant()).toItem());
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 50; i++) {
            api.put(new AuditEntry("bob-sub", t0.plusSeconds(60L * i), "evt-" + i, "user.profile.updated", "bob-sub",
                    List.of("displayName"), null).toItem());
        }
    }

    private List<Scenario> scenarios() {
        List<Scenario> list = new ArrayList<>();
        list.add(read(ApiRoute.GET_ME, i -> ApiEvents.request(ApiRoute.GET_ME).as(ann)));
        list.add(read(ApiRoute.GET_CURRENT, i -> ApiEvents.request(ApiRoute.GET_CURRENT).as(ann)));
        list.add(write(ApiRoute.PUT_ME, i -> ApiEvents.request(ApiRoute.PUT_ME).as(ann).header("If-Match", null)
                .json("{\"givenName\":\"Ann\",\"displayName\":\"Ann Example\"}")));
        list.add(write(ApiRoute.PUT_CURRENT, i -> ApiEvents.request(ApiRoute.PUT_CURRENT).as(ann)
                .json("{\"familyName\":\"Example\"}")));
        TestUser del = new TestUser("del-sub", "del-sub", "del@example.com", false);
        list.add(write(ApiRoute.DELETE_ME, i -> ApiEvents.request(ApiRoute.DELETE_ME).as(del)));
        list.add(write(ApiRoute.DELETE_CURRENT, i -> ApiEvents.request(ApiRoute.DELETE_CURRENT).as(del)));
        list.add(read(ApiRoute.GET_MY_PREFERENCES, i -> ApiEvents.request(ApiRoute.GET_MY_PREFERENCES).as(ann)));
        list.add(write(ApiRoute.PUT_MY_PREFERENCES, i -> ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann)
                .json("{\"theme\":\"light\",\"notifications\":{\"email\":true,\"push\":true},\"langs\":[\"fr\",\"en\"]}")));
        list.add(write(ApiRoute.REQUEST_EMAIL_CHANGE, i -> ApiEvents.request(ApiRoute.REQUEST_EMAIL_CHANGE).as(ann)
                .json("{\"email\":\"ann.next@example.com\"}")));
        TestUser eve = new TestUser("eve-sub", "eve-sub", "eve@example.com", false);
        list.add(new Scenario(ApiRoute.CONFIRM_EMAIL_CHANGE, true,
                i -> {
                    api.outbox.clear();
                    return ApiEvents.request(ApiRoute.REQUEST_EMAIL_CHANGE).as(eve).json("{\"email\":\"eve.next@example.com\"}");
                },
                i -> ApiEvents.request(ApiRoute.CONFIRM_EMAIL_CHANGE).as(eve)
                        .json("{\"token\":\"" + api.outbox.get(0).token() + "\"}")));
        list.add(write(ApiRoute.EXPORT_ME, i -> ApiEvents.request(ApiRoute.EXPORT_ME).as(ann).noQuery()));
        list.add(read(ApiRoute.GET_MY_FOLLOWERS, i -> ApiEvents.request(ApiRoute.GET_MY_FOLLOWERS).as(bob).noQuery()));
        list.add(read(ApiRoute.GET_MY_FOLLOWING, i -> ApiEvents.request(ApiRoute.GET_MY_FOLLOWING).as(ann).noQuery()));
        list.add(read(ApiRoute.SEARCH_USERS, i -> ApiEvents.request(ApiRoute.SEARCH_USERS).as(ann).noQuery().query("q", "emm")));
        list.add(read(ApiRoute.GET_USER, i -> ApiEvents.request(ApiRoute.GET_USER).as(ann).id("bob-sub")));
        list.add(read(ApiRoute.GET_FOLLOWERS, i -> ApiEvents.request(ApiRoute.GET_FOLLOWERS).as(ann).id("bob-sub").noQuery()));
        list.add(read(ApiRoute.GET_FOLLOWING, i -> ApiEvents.request(ApiRoute.GET_FOLLOWING).as(bob).id("ann-sub").noQuery()));
        list.add(write(ApiRoute.FOLLOW, i -> ApiEvents.request(ApiRoute.FOLLOW).as(ann).id("target-sub")));
        list.add(write(ApiRoute.UNFOLLOW, i -> ApiEvents.request(ApiRoute.UNFOLLOW).as(ann).id("fan-00")));
        list.add(read(ApiRoute.LIST_USERS, i -> ApiEvents.request(ApiRoute.LIST_USERS).as(boss).noQuery()));
        list.add(write(ApiRoute.CREATE_USER, i -> ApiEvents.request(ApiRoute.CREATE_USER).as(boss)
                .header("Idempotency-Key", "bench-" + i)
                .json("{\"email\":\"created-" + i + "@example.com\",\"givenName\":\"New\",\"familyName\":\"User\"}")));
        list.add(write(ApiRoute.SET_STATUS, i -> ApiEvents.request(ApiRoute.SET_STATUS).as(boss).id("bob-sub")
                .json("{\"status\":\"SUSPENDED\",\"reason\":\"Benchmark\"}")));
        list.add(write(ApiRoute.ASSIGN_ROLE, i -> ApiEvents.request(ApiRoute.ASSIGN_ROLE).as(boss).id("bob-sub").role("moderator")));
        list.add(write(ApiRoute.REMOVE_ROLE, i -> ApiEvents.request(ApiRoute.REMOVE_ROLE).as(boss).id("bob-sub").role("editor")));
        list.add(read(ApiRoute.GET_AUDIT, i -> ApiEvents.request(ApiRoute.GET_AUDIT).as(boss).id("bob-sub").noQuery()));
        list.add(write(ApiRoute.EXPORT_USER, i -> ApiEvents.request(ApiRoute.EXPORT_USER).as(boss).id("bob-sub").noQuery()));
        list.add(write(ApiRoute.ERASE_USER, i -> ApiEvents.request(ApiRoute.ERASE_USER).as(boss).id("erase-sub")));
        list.add(write(ApiRoute.RESTORE_USER, i -> ApiEvents.request(ApiRoute.RESTORE_USER).as(boss).id("gone-sub")));
        if (list.stream().map(Scenario::route).distinct().count() != ApiRoute.values().length) {
            throw new IllegalStateException("a route has no scenario");
        }
        return list;
    }

    private final Map<String, List<String>> capacityDetails = new java.util.LinkedHashMap<>();

    private String run(Scenario scenario, int warmup, int measured) {
        DynamoDbClient plain = api.tables().dynamoDb();
        TouchedItems touched = new TouchedItems(KEYS);
        if (scenario.write()) {
            discover(scenario, touched);
        }
        long[] handlerNanos = new long[measured];
        long[] bareNanos = new long[measured];
        SdkRecorder.Recording last = null;
        for (int i = 0; i < warmup + measured; i++) {
            List<SdkRequest> prepared = prepare(scenario, i);
            APIGatewayProxyRequestEvent event = scenario.event().apply(i).build();
            ApiHandler handler = handler(scenario.route());
            LambdaTestContext context = new LambdaTestContext();
            var before = scenario.write() ? touched.read(plain, prepared) : null;

            SdkRecorder.Recording recording = recorder.start();
            long start = System.nanoTime();
            APIGatewayProxyResponseEvent response = handler.handleRequest(event, context);
            long handlerTime = System.nanoTime() - start;
            recorder.stop();
            if (response.getStatusCode() >= 300) {
                throw new IllegalStateException(scenario.route() + " answered " + response.getStatusCode() + " " + response.getBody());
            }
            List<SdkRequest> requests = List.copyOf(recording.requests);
            if (before != null) {
                touched.restore(plain, before, requests);
            }
            start = System.nanoTime();
            for (SdkRequest request : requests) {
                SdkRecorder.replay(dynamoDb, request);
            }
            long bareTime = System.nanoTime() - start;
            if (before != null) {
                touched.restore(plain, before, requests);
            }
            if (i >= warmup) {
                handlerNanos[i - warmup] = handlerTime;
                bareNanos[i - warmup] = bareTime;
                last = recording;
            }
        }
        double h50 = percentile(handlerNanos, 50);
        double h99 = percentile(handlerNanos, 99);
        double b50 = percentile(bareNanos, 50);
        double b99 = percentile(bareNanos, 99);
        capacityDetails.put(scenario.route().method() + " " + scenario.route().path(), List.copyOf(last.capacityDetails));
        String calls = last.requests.stream().map(r -> r.getClass().getSimpleName().replace("Request", ""))
                .reduce((a, b) -> a + ", " + b).orElse("");
        return String.format(Locale.ROOT, "| %s %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f | %.2f | %s | %.1f | %.1f |",
                scenario.route().method(), scenario.route().path(), h50 / 1e6, h99 / 1e6, b50 / 1e6, b99 / 1e6,
                h50 / b50, h99 / b99, calls, last.readUnits, last.writeUnits);
    }

    /**
     * One untimed run to learn which items the route writes, with the whole table copied before and
     * those items put back after; from then on only they are read and restored around each run.
     */
    private void discover(Scenario scenario, TouchedItems touched) {
        DynamoDbClient plain = api.tables().dynamoDb();
        var everything = new java.util.HashMap<TouchedItems.ItemKey, Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>>();
        for (Map.Entry<String, List<String>> table : KEYS.entrySet()) {
            for (var item : api.scan(table.getKey())) {
                Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key = new java.util.HashMap<>();
                table.getValue().forEach(name -> key.put(name, item.get(name)));
                everything.put(new TouchedItems.ItemKey(table.getKey(), Map.copyOf(key)), item);
            }
        }
        List<SdkRequest> prepared = prepare(scenario, -1);
        SdkRecorder.Recording recording = recorder.start();
        handler(scenario.route()).handleRequest(scenario.event().apply(-1).build(), new LambdaTestContext());
        recorder.stop();
        List<SdkRequest> all = new ArrayList<>(prepared);
        all.addAll(recording.requests);
        touched.restore(plain, everything, all);
        touched.learn(recording.requests);
    }

    /** Runs the scenario's untimed preparation (through the recorder, so the items it writes are known). */
    private List<SdkRequest> prepare(Scenario scenario, int iteration) {
        if (scenario.prepare() == null) {
            return List.of();
        }
        SdkRecorder.Recording recording = recorder.start();
        APIGatewayProxyRequestEvent event = scenario.prepare().apply(iteration).build();
        APIGatewayProxyResponseEvent response = handler(ApiRoute.find(event.getHttpMethod(), event.getResource()).orElseThrow())
                .handleRequest(event, new LambdaTestContext());
        recorder.stop();
        if (response.getStatusCode() >= 300) {
            throw new IllegalStateException("preparation of " + scenario.route() + " answered " + response.getStatusCode());
        }
        return List.copyOf(recording.requests);
    }

    private ApiHandler handler(ApiRoute route) {
        return switch (route.function()) {
            case SELF -> self;
            case SOCIAL -> social;
            case ADMIN -> admin;
        };
    }

    private static double percentile(long[] values, int percentile) {
        long[] sorted = Arrays.copyOf(values, values.length);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private Scenario read(ApiRoute route, IntFunction<ApiEvents.Builder> event) {
        return new Scenario(route, false, null, event::apply);
    }

    private Scenario write(ApiRoute route, IntFunction<ApiEvents.Builder> event) {
        return new Scenario(route, true, null, event::apply);
    }

    /**
     * A route, whether it writes (what it writes is put back around each run), an optional untimed
     * request run before each iteration, and its event for iteration i.
     */
    private record Scenario(ApiRoute route, boolean write, Function<Integer, ApiEvents.Builder> prepare,
            Function<Integer, ApiEvents.Builder> event) {
    }
}
