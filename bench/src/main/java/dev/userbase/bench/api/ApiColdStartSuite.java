package dev.userbase.bench.api;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.api.AdminApiHandler;
import dev.userbase.api.SelfApiHandler;
import dev.userbase.api.SocialApiHandler;
import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.TestApi;
import dev.userbase.api.testing.TestUser;
import dev.userbase.bench.coldstart.ColdStartBenchmark;
import dev.userbase.bench.coldstart.ColdStartSuite;
import dev.userbase.bench.support.ChildJvm;
import dev.userbase.dynamodb.sdk.LocalDynamoDb;
import dev.userbase.testing.LambdaTestContext;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.table.IdempotencyTable;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cold-start cost of the API's packaging: one function per route group (self, social, admin),
 * each a fresh JVM on the shaded Lambda jar with Lambda's JVM flags, against the embedded DynamoDB engine. For
 * comparison, "one router": a JVM that constructs all three handlers (what a single function
 * serving every route would initialise) before its first request. "primed" runs the SnapStart
 * priming in init, as a snapshot would hold it. Run by {@code bench/api.sh} (or
 * {@code ColdStartBenchmark --suite api}).
 */
public final class ApiColdStartSuite implements ColdStartSuite {

    private static final String USERS = "users";
    private static final String IDEMPOTENCY = "idempotency";
    private static final TestUser ANN = TestUser.of("ann-sub", "ann@example.com");
    private static final TestUser BOB = TestUser.of("bob-sub", "bob@example.com");
    private static final TestUser BOSS = TestUser.admin("boss-sub", "boss@example.com");

    private Path events;

    @Override
    public String title() {
        return "API cold start";
    }

    @Override
    public Path defaultLambdaJar() throws IOException {
        return ColdStartBenchmark.only("api-handlers/target", "userbase-api-handlers-.*-lambda\\.jar");
    }

    @Override
    public List<String> jvmOptions() {
        // what Lambda's Java 17 runtime uses: C1 only, the serial GC
        return List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx512m");
    }

    @Override
    public List<Variant> variants(Path lambdaJar, Path launcher, Map<String, String> options) throws IOException {
        events = Files.createTempDirectory("coldstart-api-events");
        Path getMe = write("get-me.json", ApiEvents.request(ApiRoute.GET_ME).as(ANN).build());
        Path getUser = write("get-user.json", ApiEvents.request(ApiRoute.GET_USER).as(ANN).id(BOB.sub()).build());
        Path listUsers = write("list-users.json", ApiEvents.request(ApiRoute.LIST_USERS).as(BOSS).noQuery().build());
        String classpath = lambdaJar.toAbsolutePath() + File.pathSeparator + launcher;
        String self = SelfApiHandler.class.getName();
        String social = SocialApiHandler.class.getName();
        String admin = AdminApiHandler.class.getName();
        List<Variant> variants = new ArrayList<>();
        for (String mode : List.of("cold", "primed")) {
            variants.add(variant("self (GET /users/me), " + mode, classpath, getMe, mode, self));
            variants.add(variant("social (GET /users/{id}), " + mode, classpath, getUser, mode, social));
            variants.add(variant("admin (GET /users), " + mode, classpath, listUsers, mode, admin));
            variants.add(variant("one router, all three built (GET /users/me), " + mode, classpath, getMe, mode,
                    self, social, admin));
        }
        return variants;
    }

    private static Variant variant(String name, String classpath, Path event, String mode, String... handlers) {
        List<String> args = new ArrayList<>(List.of(event.toString(), mode));
        args.addAll(List.of(handlers));
        return new Variant(name, classpath, ApiFirstInvocation.class.getName(), args, List.of());
    }

    @Override
    public List<Class<?>> launcherClasses() {
        return List.of(ApiFirstInvocation.class, LambdaTestContext.class);
    }

    @Override
    public void setUp(LocalDynamoDb db) {
        UsersTable.DEFINITION.create(db.client(), USERS);
        IdempotencyTable.DEFINITION.create(db.client(), IDEMPOTENCY);
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        for (Map.Entry<TestUser, String> user : Map.of(ANN, "Ann Example", BOB, "Bob Builder", BOSS, "Admin boss-sub").entrySet()) {
            TestUser u = user.getKey();
            UserProfile profile = UserProfile.builder().userId(u.sub()).email(u.email()).displayName(user.getValue())
                    .createdAt(now).updatedAt(now).build();
            put(db, new ChangeContext("system:bench", "seed").stamp(new HashMap<>(profile.toItem())));
            put(db, new EmailReservation(u.email(), EmailReservation.State.CONFIRMED, EmailReservation.Purpose.SIGN_UP,
                    u.userName(), u.sub(), now, null, now).toItem());
        }
    }

    private static void put(LocalDynamoDb db, Map<String, AttributeValue> item) {
        db.client().putItem(r -> r.tableName(USERS).item(item));
    }

    @Override
    public Map<String, String> environment(LocalDynamoDb db, int xrayDaemonPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(UsersConfig.USERS_TABLE, USERS);
        env.put(UsersConfig.IDEMPOTENCY_TABLE, IDEMPOTENCY);
        env.put(UsersConfig.REGION, db.region().id());
        env.put(UsersConfig.DYNAMODB_ENDPOINT, db.endpoint().toString());
        env.put(UsersConfig.COGNITO_ENDPOINT, "http://127.0.0.1:9"); // never called by the three requests
        env.put(UsersConfig.USER_POOL_ID, "us-east-1_ColdStart");
        env.put(UsersConfig.CURSOR_SIGNING_KEY, TestApi.CURSOR_KEY);
        env.put("AWS_ACCESS_KEY_ID", LocalDynamoDb.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalDynamoDb.SECRET_KEY);
        env.put("EMAIL_OUTBOX_DIR", events.resolve("outbox").toString());
        env.put("POWERTOOLS_SERVICE_NAME", "userbase-api");
        env.put("POWERTOOLS_LOG_LEVEL", "WARN");
        return env;
    }

    @Override
    public void afterRun(LocalDynamoDb db, Variant variant, String run, ChildJvm.Run result) {
        // ApiFirstInvocation exits 1 unless its first request answered 200: nothing more to check
    }

    @Override
    public Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("jvm_to_main_ms", "JVM start to main");
        columns.put("init_ms", "init (constructor)");
        columns.put("first_ms", "first request");
        columns.put("second_ms", "second request");
        columns.put("init_first_ms", "init + first");
        columns.put("classes", "classes loaded");
        return columns;
    }

    @Override
    public Optional<Variant> baseline(List<Variant> variants) {
        return Optional.empty();
    }

    private Path write(String name, APIGatewayProxyRequestEvent event) throws IOException {
        Path file = events.resolve(name);
        Files.writeString(file, new ObjectMapper().writeValueAsString(event));
        return file;
    }
}
