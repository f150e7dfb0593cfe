package dev.userbase.bench.coldstart;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.userbase.bench.support.ChildJvm;
import dev.userbase.dynamodb.sdk.LocalDynamoDb;
import dev.userbase.testing.LambdaTestContext;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * The PostConfirmation trigger's cold start against its bare-SDK baseline. "handler" runs
 * {@link HandlerFirstInvocation} on the deployable triggers jar; "bare SDK" runs
 * {@link BareSdkFirstInvocation}, the same transaction with nothing else, from a jar holding only
 * the SDK. Before every run the PENDING reservation PreSignUp would have left is seeded, so both
 * write the same two items; afterwards the suite checks they did, and at the end that the two
 * variants' items are identical (but for times and ids).
 */
public final class PostConfirmationSuite implements ColdStartSuite {

    private static final String TABLE = "users";

    @Override
    public String title() {
        return "PostConfirmation cold start";
    }

    @Override
    public Path defaultLambdaJar() throws IOException {
        return ColdStartBenchmark.only("triggers/target", "userbase-triggers-.*-lambda\\.jar");
    }

    @Override
    public List<String> jvmOptions() {
        return List.of("-XX:TieredStopAtLevel=1");
    }

    @Override
    public List<Variant> variants(Path lambdaJar, Path launcher, Map<String, String> options) throws IOException {
        Path baselineJar = Path.of(options.getOrDefault("baseline-jar",
                ColdStartBenchmark.only("bench/target", "userbase-bench-.*-baseline\\.jar").toString()));
        return List.of(
                new Variant("handler", lambdaJar.toAbsolutePath() + File.pathSeparator + launcher,
                        HandlerFirstInvocation.class.getName(), List.of(), List.of()),
                new Variant("bare SDK", baselineJar.toAbsolutePath().toString(),
                        BareSdkFirstInvocation.class.getName(), List.of(), List.of()));
    }

    @Override
    public List<Class<?>> launcherClasses() {
        return List.of(HandlerFirstInvocation.class, FirstInvocationItems.class, LambdaTestContext.class);
    }

    @Override
    public void setUp(LocalDynamoDb db) {
        UsersTable.DEFINITION.create(db.client(), TABLE);
    }

    @Override
    public Map<String, String> environment(LocalDynamoDb db, int xrayDaemonPort) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", db.region().id());
        env.put("AWS_ACCESS_KEY_ID", LocalDynamoDb.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalDynamoDb.SECRET_KEY);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", db.endpoint().toString());
        env.put("USERS_TABLE", TABLE);
        // what Lambda sets for a function with active tracing
        env.put("LAMBDA_TASK_ROOT", System.getProperty("java.io.tmpdir"));
        env.put("_X_AMZN_TRACE_ID", "Root=1-67d2a1b0-5c6d7e8f9a0b1c2d3e4f5a6b;Parent=53995c3f42cd8ad8;Sampled=1");
        env.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + xrayDaemonPort);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "userbase-post-confirmation");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("POWERTOOLS_SERVICE_NAME", "triggers");
        return env;
    }

    @Override
    public void beforeRun(LocalDynamoDb db, Variant variant, String run) {
        db.client().putItem(FirstInvocationItems.reservation(TABLE, run, Instant.now()));
    }

    @Override
    public void afterRun(LocalDynamoDb db, Variant variant, String run, ChildJvm.Run result) {
        Map<String, AttributeValue> guard = get(db, FirstInvocationItems.guardKey(run));
        if (get(db, FirstInvocationItems.profileKey(run)).isEmpty() || !"CONFIRMED".equals(guard.get("state").s())) {
            throw new IllegalStateException(variant.name() + " run " + run + " did not write the profile and guard");
        }
    }

    /** The two variants must have written the same items, or the comparison would be unfair. */
    @Override
    public void afterAll(LocalDynamoDb db, Map<Variant, String> lastRunOf) {
        String handlerRun = null;
        String baselineRun = null;
        for (Map.Entry<Variant, String> entry : lastRunOf.entrySet()) {
            if (entry.getKey().name().equals("handler")) {
                handlerRun = entry.getValue();
            } else if (entry.getKey().name().equals("bare SDK")) {
                baselineRun = entry.getValue();
            }
        }
        Set<String> volatileAttributes = Set.of("createdAt", "updatedAt", "confirmedAt", "gsi3sk", "correlationId");
        for (boolean profile : List.of(true, false)) {
            Map<String, AttributeValue> a = normalised(get(db, profile
                    ? FirstInvocationItems.profileKey(handlerRun) : FirstInvocationItems.guardKey(handlerRun)), handlerRun, volatileAttributes);
            Map<String, AttributeValue> b = normalised(get(db, profile
                    ? FirstInvocationItems.profileKey(baselineRun) : FirstInvocationItems.guardKey(baselineRun)), baselineRun, volatileAttributes);
            if (!a.equals(b)) {
                throw new IllegalStateException("the variants wrote different " + (profile ? "profiles" : "guards")
                        + ":\n handler:  " + new TreeMap<>(a) + "\n bare SDK: " + new TreeMap<>(b));
            }
        }
    }

    @Override
    public Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("construct_ms", "median in main: construct ms");
        columns.put("invoke_ms", "median in main: first call ms");
        return columns;
    }

    @Override
    public Optional<Variant> baseline(List<Variant> variants) {
        return variants.stream().filter(v -> v.name().equals("bare SDK")).findFirst();
    }

    @Override
    public String target() {
        return "target: handler / bare SDK ≤ 1.15";
    }

    private static Map<String, AttributeValue> normalised(Map<String, AttributeValue> item, String run, Set<String> ignore) {
        Map<String, AttributeValue> result = new HashMap<>();
        item.forEach((name, value) -> {
            if (!ignore.contains(name)) {
                result.put(name, value.s() != null ? AttributeValue.fromS(value.s().replace(run, "RUN")) : value);
            }
        });
        return result;
    }

    private static Map<String, AttributeValue> get(LocalDynamoDb db, Map<String, AttributeValue> key) {
        return db.client().getItem(GetItemRequest.builder().tableName(TABLE).key(key).consistentRead(true).build()).item();
    }
}
