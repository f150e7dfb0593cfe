package dev.userbase.api.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.TestApi;
import dev.userbase.api.testing.TestUser;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.testing.DynamoDbLocal;
import dev.userbase.core.testing.LocalTables;

/**
 * The cold-start cost of the API's packaging: one function per route group (self, social, admin),
 * each a fresh JVM on the shaded Lambda jar with Lambda's JVM flags, against DynamoDB Local. For
 * comparison, "one router": a JVM that constructs all three handlers (what a single function
 * serving every route would initialise) before its first request. "primed" runs the SnapStart
 * priming in init, as a snapshot would hold it. Prints medians of N runs.
 *
 * <pre>java -cp … dev.userbase.api.bench.ColdStartBenchmark path/to/lambda.jar [runs]</pre>
 */
public final class ColdStartBenchmark {

    private static final String SELF = "dev.userbase.api.SelfApiHandler";
    private static final String SOCIAL = "dev.userbase.api.SocialApiHandler";
    private static final String ADMIN = "dev.userbase.api.AdminApiHandler";

    public static void main(String[] args) throws Exception {
        Path lambdaJar = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        LocalTables tables = new LocalTables();
        tables.beforeEach(null);
        TestApi api = new TestApi(tables);
        TestUser ann = api.user("ann-sub", "ann@example.com", "Ann Example");
        TestUser boss = api.admin("boss-sub", "boss@example.com");
        api.user("bob-sub", "bob@example.com", "Bob Builder");

        Path dir = Files.createTempDirectory("coldstart");
        Path getMe = write(dir, "get-me.json", ApiEvents.request(ApiRoute.GET_ME).as(ann).build());
        Path getUser = write(dir, "get-user.json", ApiEvents.request(ApiRoute.GET_USER).as(ann).id("bob-sub").build());
        Path listUsers = write(dir, "list-users.json", ApiEvents.request(ApiRoute.LIST_USERS).as(boss).noQuery().build());

        Map<String, String> env = new LinkedHashMap<>();
        env.put(UsersConfig.USERS_TABLE, tables.usersTable());
        env.put(UsersConfig.IDEMPOTENCY_TABLE, tables.idempotencyTable());
        env.put(UsersConfig.REGION, DynamoDbLocal.REGION.id());
        env.put(UsersConfig.DYNAMODB_ENDPOINT, DynamoDbLocal.shared().endpoint().toString());
        env.put(UsersConfig.COGNITO_ENDPOINT, "http://127.0.0.1:9");
        env.put(UsersConfig.USER_POOL_ID, "eu-west-1_ColdStart");
        env.put(UsersConfig.CURSOR_SIGNING_KEY, TestApi.CURSOR_KEY);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("EMAIL_OUTBOX_DIR", dir.resolve("outbox").toString());
        env.put("POWERTOOLS_SERVICE_NAME", "userbase-api");
        env.put("POWERTOOLS_LOG_LEVEL", "WARN");

        Map<String, List<String>> probes = new LinkedHashMap<>();
        for (String mode : List.of("cold", "primed")) {
            probes.put("self (GET /users/me), " + mode, List.of(getMe.toString(), mode, SELF));
            probes.put("social (GET /users/{id}), " + mode, List.of(getUser.toString(), mode, SOCIAL));
            probes.put("admin (GET /users), " + mode, List.of(listUsers.toString(), mode, ADMIN));
            probes.put("one router, all three built (GET /users/me), " + mode,
                    List.of(getMe.toString(), mode, SELF, SOCIAL, ADMIN));
        }

        String classpath = lambdaJar + java.io.File.pathSeparator + Path.of("target", "test-classes");
        System.out.printf(Locale.ROOT, "%d runs each, median; JDK %s; %d CPUs; jar %s (%d bytes)%n%n", runs,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), lambdaJar.getFileName(),
                Files.size(lambdaJar));
        System.out.println("| function | JVM start to main | init (constructor) | first request | second request "
                + "| init + first | classes loaded |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Map.Entry<String, List<String>> probe : probes.entrySet()) {
            List<long[]> samples = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                samples.add(runProbe(classpath, probe.getValue(), env));
            }
            long[] medians = new long[6];
            for (int i = 0; i < 6; i++) {
                final int column = i;
                long[] values = samples.stream().mapToLong(s -> s[column]).sorted().toArray();
                medians[i] = values[values.length / 2];
            }
            System.out.printf(Locale.ROOT, "| %s | %d ms | %d ms | %d ms | %d ms | %d ms | %d |%n", probe.getKey(),
                    medians[0], medians[1], medians[2], medians[3], medians[1] + medians[2], medians[5]);
        }
        System.exit(0);
    }

    private static long[] runProbe(String classpath, List<String> probeArgs, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // what Lambda's Java 17 runtime uses by default: C1 only, for start-up
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx512m",
                "-cp", classpath, ColdStartProbe.class.getName()));
        command.addAll(probeArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String probeLine = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith("PROBE ")) {
                    probeLine = line;
                }
            }
        }
        if (process.waitFor() != 0 || probeLine == null) {
            throw new IllegalStateException("probe failed: " + output);
        }
        long[] values = Arrays.stream(probeLine.substring(6).split(" ")).mapToLong(Long::parseLong).toArray();
        if (values[4] != 200) {
            throw new IllegalStateException("probe answered " + values[4] + ": " + output);
        }
        return new long[] {values[0], values[1], values[2], values[3], values[4], values[5]};
    }

    private static Path write(Path dir, String name, APIGatewayProxyRequestEvent event) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, new ObjectMapper().writeValueAsString(event));
        return file;
    }
}
