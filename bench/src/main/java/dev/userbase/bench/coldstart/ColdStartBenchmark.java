package dev.userbase.bench.coldstart;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.userbase.bench.support.ChildJvm;
import dev.userbase.bench.support.LocalDynamoDb;
import dev.userbase.bench.support.Samples;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * Whole-process cold start of the PostConfirmation trigger against its bare-SDK baseline.
 *
 * <p>Each run is a fresh JVM (pinned to CPU 0, {@code -XX:TieredStopAtLevel=1} as on Lambda) that
 * does one first invocation against DynamoDB Local over HTTP and exits; the wall time from process
 * start to exit is recorded. "handler" runs {@link HandlerFirstInvocation} on the deployable
 * triggers jar with the environment Lambda gives a traced function (X-Ray subsegments go to a
 * UDP socket this driver drains); "bare SDK" runs {@link BareSdkFirstInvocation}, the same
 * transaction with nothing else. Before every run the driver seeds the PENDING reservation
 * PreSignUp would have left, so both write the same two items; afterwards it checks they did.
 * Variants alternate (ABBA) so drift hits both alike. This JVM, which also serves DynamoDB Local,
 * should run on the other CPU ({@code bench/coldstart.sh} does that).
 *
 * <p>Options: {@code --runs N} (default 15), {@code --warmup N} (2), {@code --lambda-jar},
 * {@code --baseline-jar}, {@code --classes} (bench/target/classes), {@code --out} (bench/target),
 * {@code --no-pin}, {@code --diagnose} (one more run of each with {@code -Xlog:class+load},
 * reporting loaded classes per package), {@code --try-handler-options "<JVM options>"} (a third
 * variant: the handler with extra JVM options, to measure a what-if in the same interleaved runs).
 */
public final class ColdStartBenchmark {

    private static final String TABLE = "users";
    private static final Pattern TIMING = Pattern.compile("TIMING construct_ms=(\\d+) invoke_ms=(\\d+)");

    private record Variant(String name, String classpath, String mainClass, List<String> jvmOptions) {
    }

    private final Map<String, String> options;
    private final Map<Variant, Samples> wall = new LinkedHashMap<>();
    private final Map<Variant, Samples> construct = new HashMap<>();
    private final Map<Variant, Samples> invoke = new HashMap<>();
    private final Map<Variant, String> lastRun = new HashMap<>();

    private ColdStartBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new ColdStartBenchmark(parse(args)).run();
        // DynamoDB Local leaves non-daemon threads behind even when stopped
        System.exit(0);
    }

    private void run() throws Exception {
        int runs = Integer.parseInt(options.getOrDefault("runs", "15"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "2"));
        Path out = Path.of(options.getOrDefault("out", "bench/target"));
        Path lambdaJar = Path.of(options.getOrDefault("lambda-jar", only("triggers/target", "userbase-triggers-.*-lambda\\.jar")));
        Path baselineJar = Path.of(options.getOrDefault("baseline-jar", only("bench/target", "userbase-bench-.*-baseline\\.jar")));
        Path classes = Path.of(options.getOrDefault("classes", "bench/target/classes"));
        boolean pin = !options.containsKey("no-pin") && ChildJvm.canPin(0);
        ChildJvm jvm = new ChildJvm(pin ? 0 : null, List.of("-XX:TieredStopAtLevel=1"));

        Path launcher = Files.createTempDirectory("coldstart-launcher");
        copyLauncher(classes, launcher);
        Variant handler = new Variant("handler", lambdaJar.toAbsolutePath() + File.pathSeparator + launcher,
                "dev.userbase.bench.coldstart.HandlerFirstInvocation", List.of());
        Variant baseline = new Variant("bare SDK", baselineJar.toAbsolutePath().toString(),
                BareSdkFirstInvocation.class.getName(), List.of());
        List<Variant> variants = new ArrayList<>(List.of(handler, baseline));
        if (options.containsKey("try-handler-options")) {
            // a what-if: the handler again with extra JVM options (system properties, flags), measured alongside
            List<String> extra = List.of(options.get("try-handler-options").trim().split("\\s+"));
            variants.add(new Variant("handler " + String.join(" ", extra), handler.classpath(), handler.mainClass(), extra));
        }
        for (Variant variant : variants) {
            wall.put(variant, new Samples());
            construct.put(variant, new Samples());
            invoke.put(variant, new Samples());
        }

        try (LocalDynamoDb db = LocalDynamoDb.start();
                DatagramSocket xrayDaemon = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            drain(xrayDaemon);
            db.createTable(UsersTable.DEFINITION, TABLE);
            Map<String, String> env = environment(db, xrayDaemon.getLocalPort());
            System.out.printf("cold start: %d runs per variant (+%d warm-up), children %s, -XX:TieredStopAtLevel=1%n",
                    runs, warmup, pin ? "pinned to CPU 0" : "not pinned");
            for (int i = 0; i < warmup; i++) {
                for (int v = 0; v < variants.size(); v++) {
                    once(jvm, db, env, variants.get(v), "warmup" + i + "v" + v, false);
                }
            }
            for (int i = 0; i < runs; i++) {
                List<Variant> order = new ArrayList<>(variants);
                if (i % 2 == 1) {
                    Collections.reverse(order);
                }
                for (Variant variant : order) {
                    once(jvm, db, env, variant, "run" + i + "v" + variants.indexOf(variant), true);
                }
            }
            assertSameItems(db, lastRun.get(handler), lastRun.get(baseline));
            String report = report(variants, pin, lambdaJar, baselineJar);
            if (options.containsKey("diagnose")) {
                report += diagnose(jvm, db, env, handler, baseline, out);
            }
            System.out.println(report);
            Files.createDirectories(out);
            Files.writeString(out.resolve("coldstart.md"), report, StandardCharsets.UTF_8);
            Files.writeString(out.resolve("coldstart.csv"), csv(), StandardCharsets.UTF_8);
        }
    }

    private void once(ChildJvm jvm, LocalDynamoDb db, Map<String, String> env, Variant variant, String run,
            boolean record) throws Exception {
        db.client().putItem(FirstInvocationItems.reservation(TABLE, run, Instant.now()));
        ChildJvm.Run result = jvm.run(variant.classpath(), variant.mainClass(), List.of(run), env, variant.jvmOptions());
        Matcher timing = TIMING.matcher(result.output());
        if (result.exitCode() != 0 || !timing.find()) {
            throw new IllegalStateException(variant.name() + " run " + run + " failed (exit " + result.exitCode()
                    + "):\n" + result.output());
        }
        Map<String, AttributeValue> guard = get(db, FirstInvocationItems.guardKey(run));
        if (get(db, FirstInvocationItems.profileKey(run)).isEmpty() || !"CONFIRMED".equals(guard.get("state").s())) {
            throw new IllegalStateException(variant.name() + " run " + run + " did not write the profile and guard");
        }
        if (record) {
            wall.get(variant).add(result.wallMillis());
            construct.get(variant).add(Long.parseLong(timing.group(1)));
            invoke.get(variant).add(Long.parseLong(timing.group(2)));
            lastRun.put(variant, run);
        }
    }

    /** The two variants must have written the same items, or the comparison would be unfair. */
    private static void assertSameItems(LocalDynamoDb db, String handlerRun, String baselineRun) {
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

    private static Map<String, AttributeValue> normalised(Map<String, AttributeValue> item, String run, Set<String> ignore) {
        Map<String, AttributeValue> result = new HashMap<>();
        item.forEach((name, value) -> {
            if (!ignore.contains(name)) {
                result.put(name, value.s() != null ? AttributeValue.fromS(value.s().replace(run, "RUN")) : value);
            }
        });
        return result;
    }

    private String report(List<Variant> variants, boolean pin, Path lambdaJar, Path baselineJar)
            throws IOException {
        Variant handler = variants.get(0);
        Variant baseline = variants.get(1);
        double ratio = wall.get(handler).median() / wall.get(baseline).median();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%nPostConfirmation cold start (fresh JVM → first invocation → exit), %d runs each, %s, -XX:TieredStopAtLevel=1, %s%n%n",
                wall.get(handler).count(), pin ? "taskset -c 0" : "unpinned", Runtime.version()));
        md.append("| variant | median ms | min ms | max ms | median in main: construct ms | median in main: first call ms |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (Variant variant : variants) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %d | %d | %.0f | %.0f |%n", variant.name(),
                    wall.get(variant).median(), wall.get(variant).min(), wall.get(variant).max(),
                    construct.get(variant).median(), invoke.get(variant).median()));
        }
        md.append(String.format(Locale.ROOT, "%nratio handler / bare SDK (medians): **%.3f** (target ≤ 1.15)%n", ratio));
        for (Variant variant : variants.subList(2, variants.size())) {
            md.append(String.format(Locale.ROOT, "ratio %s / bare SDK (medians): %.3f%n", variant.name(),
                    wall.get(variant).median() / wall.get(baseline).median()));
        }
        md.append(String.format(Locale.ROOT, "%njars: %s %,d bytes; %s %,d bytes%n",
                lambdaJar.getFileName(), Files.size(lambdaJar), baselineJar.getFileName(), Files.size(baselineJar)));
        return md.toString();
    }

    private String diagnose(ChildJvm jvm, LocalDynamoDb db, Map<String, String> env, Variant handler, Variant baseline,
            Path out) throws Exception {
        StringBuilder md = new StringBuilder("\nclasses loaded in one run (-Xlog:class+load), by package:\n\n");
        Map<String, Map<String, Integer>> byVariant = new LinkedHashMap<>();
        for (Variant variant : List.of(handler, baseline)) {
            Path log = Files.createDirectories(out).resolve("class-load-" + (variant == handler ? "handler" : "baseline") + ".log");
            Files.deleteIfExists(log);
            String run = "diagnose-" + (variant == handler ? "h" : "b");
            db.client().putItem(FirstInvocationItems.reservation(TABLE, run, Instant.now()));
            ChildJvm.Run result = jvm.run(variant.classpath(), variant.mainClass(), List.of(run), env,
                    List.of("-Xlog:class+load=info:file=" + log.toAbsolutePath()));
            if (result.exitCode() != 0) {
                throw new IllegalStateException("diagnostic run failed:\n" + result.output());
            }
            Map<String, Integer> packages = new TreeMap<>();
            int total = 0;
            try (Stream<String> lines = Files.lines(log)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    int start = line.indexOf("] ");
                    int end = line.indexOf(" source:");
                    if (start < 0 || end < 0) {
                        continue;
                    }
                    String name = line.substring(start + 2, end).trim();
                    packages.merge(group(name), 1, Integer::sum);
                    total++;
                }
            }
            packages.put("(total)", total);
            byVariant.put(variant.name(), packages);
        }
        Map<String, Integer> ours = byVariant.get(handler.name());
        Map<String, Integer> theirs = byVariant.get(baseline.name());
        md.append("| package | handler | bare SDK | extra |\n|---|---:|---:|---:|\n");
        ours.entrySet().stream()
                .sorted((x, y) -> Integer.compare(y.getValue() - theirs.getOrDefault(y.getKey(), 0),
                        x.getValue() - theirs.getOrDefault(x.getKey(), 0)))
                .limit(25)
                .forEach(e -> md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d |%n", e.getKey(), e.getValue(),
                        theirs.getOrDefault(e.getKey(), 0), e.getValue() - theirs.getOrDefault(e.getKey(), 0))));
        return md.toString();
    }

    /** A class's package, cut to a level that says which library it belongs to. */
    private static String group(String className) {
        String[] parts = className.split("\\.");
        int depth = className.startsWith("java.") || className.startsWith("sun.") || className.startsWith("jdk.") ? 2
                : className.startsWith("software.amazon.awssdk.services.") ? 5
                : className.startsWith("software.amazon.") || className.startsWith("com.amazonaws.") ? 4 : 3;
        StringBuilder group = new StringBuilder();
        for (int i = 0; i < Math.min(depth, parts.length - 1); i++) {
            group.append(i == 0 ? "" : ".").append(parts[i]);
        }
        return group.length() == 0 ? "(default)" : group.toString();
    }

    private String csv() {
        StringBuilder csv = new StringBuilder("variant,run,wall_ms,construct_ms,first_call_ms\n");
        wall.forEach((variant, samples) -> {
            for (int i = 0; i < samples.count(); i++) {
                csv.append(variant.name()).append(',').append(i).append(',').append(samples.values().get(i)).append(',')
                        .append(construct.get(variant).values().get(i)).append(',')
                        .append(invoke.get(variant).values().get(i)).append('\n');
            }
        });
        return csv.toString();
    }

    private static Map<String, String> environment(LocalDynamoDb db, int xrayPort) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", LocalDynamoDb.REGION);
        env.put("AWS_ACCESS_KEY_ID", LocalDynamoDb.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalDynamoDb.SECRET_KEY);
        env.put("AWS_ENDPOINT_URL_DYNAMODB", db.endpoint().toString());
        env.put("USERS_TABLE", TABLE);
        // what Lambda sets for a function with active tracing
        env.put("LAMBDA_TASK_ROOT", System.getProperty("java.io.tmpdir"));
        env.put("_X_AMZN_TRACE_ID", "Root=1-67d2a1b0-5c6d7e8f9a0b1c2d3e4f5a6b;Parent=53995c3f42cd8ad8;Sampled=1");
        env.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + xrayPort);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "userbase-post-confirmation");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("POWERTOOLS_SERVICE_NAME", "triggers");
        return env;
    }

    private static void drain(DatagramSocket socket) {
        Thread drainer = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            while (!socket.isClosed()) {
                try {
                    socket.receive(new DatagramPacket(buffer, buffer.length));
                } catch (IOException closed) {
                    return;
                }
            }
        }, "xray-daemon-stand-in");
        drainer.setDaemon(true);
        drainer.start();
    }

    private static Map<String, AttributeValue> get(LocalDynamoDb db, Map<String, AttributeValue> key) {
        return db.client().getItem(GetItemRequest.builder().tableName(TABLE).key(key).consistentRead(true).build()).item();
    }

    private static void copyLauncher(Path classes, Path target) throws IOException {
        Path source = classes.resolve("dev/userbase/bench/coldstart");
        Path destination = Files.createDirectories(target.resolve("dev/userbase/bench/coldstart"));
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("HandlerFirstInvocation") || name.startsWith("FirstInvocationItems")) {
                    Files.copy(file, destination.resolve(name));
                }
            }
        }
    }

    private static String only(String directory, String pattern) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(directory))) {
            List<Path> matches = files.filter(p -> p.getFileName().toString().matches(pattern)).toList();
            if (matches.size() != 1) {
                throw new IllegalStateException("expected one " + pattern + " in " + directory + ", found " + matches
                        + "; build with: mvn -pl bench -am package -DskipTests");
            }
            return matches.get(0).toString();
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        List<String> list = new ArrayList<>(List.of(args));
        for (int i = 0; i < list.size(); i++) {
            String arg = list.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            if (name.equals("no-pin") || name.equals("diagnose")) {
                options.put(name, "true");
            } else {
                options.put(name, list.get(++i));
            }
        }
        return options;
    }
}
