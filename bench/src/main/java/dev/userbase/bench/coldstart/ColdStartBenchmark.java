package dev.userbase.bench.coldstart;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.userbase.bench.api.ApiColdStartSuite;
import dev.userbase.bench.coldstart.ColdStartSuite.Variant;
import dev.userbase.bench.support.BenchMain;
import dev.userbase.bench.support.ChildJvm;
import dev.userbase.bench.support.Samples;
import dev.userbase.dynamodb.sdk.LocalDynamoDb;

/**
 * Whole-process cold start of a Lambda handler from its deployable jar, against a baseline or
 * against other packagings: the driver of every {@link ColdStartSuite}.
 *
 * <p>Each run is a fresh JVM (pinned to CPU 0, with the suite's Lambda JVM options) that constructs
 * a handler, completes a first invocation against the embedded DynamoDB engine over HTTP, and exits; the wall time
 * from process start to exit is recorded, with the {@code TIMING} values the program prints. The
 * environment is what Lambda gives a function with active tracing (X-Ray segments go to a UDP socket
 * this driver drains). Variants alternate (ABBA) so drift hits them alike. This JVM, which also
 * serves DynamoDB (the engine), should run on the other CPU (the scripts in bench/ do that).
 *
 * <p>Suites: {@code --suite post-confirmation} (default; {@link PostConfirmationSuite}, the
 * triggers jar vs the bare SDK) and {@code --suite api} ({@link ApiColdStartSuite}, the API jar's
 * three functions vs one router, cold and primed).
 *
 * <p>Options: {@code --runs N} (default 15), {@code --warmup N} (2), {@code --lambda-jar},
 * {@code --baseline-jar}, {@code --classes} (bench/target/classes), {@code --out} (bench/target),
 * {@code --no-pin}, {@code --diagnose} (one more run of the first variant and the baseline with
 * {@code -Xlog:class+load}, reporting loaded classes per package), {@code --try-handler-options
 * "<JVM options>"} (one more variant: the first with extra JVM options, to measure a what-if in the
 * same interleaved runs), {@code --try-handler-jar <jar>} (one more variant: the first on another
 * build of the Lambda jar, e.g. with a different log configuration), {@code --print-output} (what
 * each variant's last run wrote: its log lines).
 */
public final class ColdStartBenchmark {

    private static final Pattern TIMING = Pattern.compile("^TIMING (.*)$", Pattern.MULTILINE);

    private final ColdStartSuite suite;
    private final Map<String, String> options;
    private final Map<Variant, Samples> wall = new LinkedHashMap<>();
    private final Map<Variant, Map<String, Samples>> timings = new HashMap<>();
    private final Map<Variant, String> lastRun = new HashMap<>();
    private final Map<Variant, String> lastOutput = new LinkedHashMap<>();

    private ColdStartBenchmark(ColdStartSuite suite, Map<String, String> options) {
        this.suite = suite;
        this.options = options;
    }

    public static void main(String[] args) {
        BenchMain.run(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        ColdStartSuite suite = switch (options.getOrDefault("suite", "post-confirmation")) {
            case "post-confirmation" -> new PostConfirmationSuite();
            case "api" -> new ApiColdStartSuite();
            default -> throw new IllegalArgumentException("unknown suite " + options.get("suite")
                    + " (post-confirmation, api)");
        };
        new ColdStartBenchmark(suite, options).run();
    }

    private void run() throws Exception {
        int runs = Integer.parseInt(options.getOrDefault("runs", "15"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "2"));
        Path out = Path.of(options.getOrDefault("out", "bench/target"));
        Path lambdaJar = options.containsKey("lambda-jar") ? Path.of(options.get("lambda-jar")) : suite.defaultLambdaJar();
        Path classes = Path.of(options.getOrDefault("classes", "bench/target/classes"));
        boolean pin = !options.containsKey("no-pin") && ChildJvm.canPin(0);
        ChildJvm jvm = new ChildJvm(pin ? 0 : null, suite.jvmOptions());

        Path launcher = Files.createTempDirectory("coldstart-launcher");
        copyLauncher(classes, launcher, suite.launcherClasses());
        List<Variant> variants = new ArrayList<>(suite.variants(lambdaJar, launcher, options));
        if (options.containsKey("try-handler-options")) {
            variants.add(variants.get(0).with(List.of(options.get("try-handler-options").trim().split("\\s+"))));
        }
        if (options.containsKey("try-handler-jar")) {
            Variant first = variants.get(0);
            Path other = Path.of(options.get("try-handler-jar")).toAbsolutePath();
            variants.add(new Variant(first.name() + " on " + other.getFileName(),
                    first.classpath().replace(lambdaJar.toAbsolutePath().toString(), other.toString()),
                    first.mainClass(), first.args(), first.jvmOptions()));
        }
        for (Variant variant : variants) {
            wall.put(variant, new Samples());
            timings.put(variant, new LinkedHashMap<>());
        }

        try (LocalDynamoDb db = LocalDynamoDb.start();
                DatagramSocket xrayDaemon = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            drain(xrayDaemon);
            suite.setUp(db);
            Map<String, String> env = suite.environment(db, xrayDaemon.getLocalPort());
            System.out.printf("%s: %d runs per variant (+%d warm-up), children %s, %s%n", suite.title(),
                    runs, warmup, pin ? "pinned to CPU 0" : "not pinned", String.join(" ", suite.jvmOptions()));
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
            suite.afterAll(db, lastRun);
            String report = report(variants, pin, lambdaJar);
            if (options.containsKey("diagnose")) {
                report += diagnose(jvm, db, env, variants, out);
            }
            System.out.println(report);
            if (options.containsKey("print-output")) {
                lastOutput.forEach((variant, output) -> System.out.printf("%n--- output of %s's last run ---%n%s",
                        variant.name(), output));
            }
            Files.createDirectories(out);
            String name = suite instanceof PostConfirmationSuite ? "coldstart" : "coldstart-" + options.get("suite");
            Files.writeString(out.resolve(name + ".md"), report, StandardCharsets.UTF_8);
            Files.writeString(out.resolve(name + ".csv"), csv(), StandardCharsets.UTF_8);
        }
    }

    private void once(ChildJvm jvm, LocalDynamoDb db, Map<String, String> env, Variant variant, String run,
            boolean record) throws Exception {
        suite.beforeRun(db, variant, run);
        List<String> args = new ArrayList<>(variant.args());
        args.add(run);
        ChildJvm.Run result = jvm.run(variant.classpath(), variant.mainClass(), args, env, variant.jvmOptions());
        Matcher timing = TIMING.matcher(result.output());
        if (result.exitCode() != 0 || !timing.find()) {
            throw new IllegalStateException(variant.name() + " run " + run + " failed (exit " + result.exitCode()
                    + "):\n" + result.output());
        }
        suite.afterRun(db, variant, run, result);
        if (record) {
            wall.get(variant).add(result.wallMillis());
            for (String pair : timing.group(1).trim().split("\\s+")) {
                String[] nameValue = pair.split("=", 2);
                timings.get(variant).computeIfAbsent(nameValue[0], k -> new Samples()).add(Long.parseLong(nameValue[1]));
            }
            lastRun.put(variant, run);
            lastOutput.put(variant, result.output());
        }
    }

    private String report(List<Variant> variants, boolean pin, Path lambdaJar) throws IOException {
        Map<String, String> columns = suite.columns();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%n%s (fresh JVM → first invocation → exit), %d runs each, %s, %s, %s%n%n",
                suite.title(), wall.get(variants.get(0)).count(), pin ? "taskset -c 0" : "unpinned",
                String.join(" ", suite.jvmOptions()), Runtime.version()));
        md.append("| variant | median ms | min ms | max ms |");
        columns.values().forEach(label -> md.append(' ').append(label).append(" |"));
        md.append("\n|---|---:|---:|---:|").append("---:|".repeat(columns.size())).append('\n');
        for (Variant variant : variants) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %d | %d |", variant.name(),
                    wall.get(variant).median(), wall.get(variant).min(), wall.get(variant).max()));
            for (String key : columns.keySet()) {
                Samples samples = timings.get(variant).get(key);
                md.append(String.format(Locale.ROOT, " %.0f |", samples == null ? Double.NaN : samples.median()));
            }
            md.append('\n');
        }
        Optional<Variant> baseline = suite.baseline(variants);
        if (baseline.isPresent()) {
            md.append('\n');
            for (Variant variant : variants) {
                if (variant != baseline.get()) {
                    md.append(String.format(Locale.ROOT, "ratio %s / %s (medians): %s%.3f%s%n", variant.name(),
                            baseline.get().name(), variant == variants.get(0) ? "**" : "",
                            wall.get(variant).median() / wall.get(baseline.get()).median(),
                            variant == variants.get(0) ? "**" : ""));
                }
            }
        }
        if (!suite.target().isEmpty()) {
            md.append('\n').append(suite.target()).append('\n');
        }
        md.append(String.format(Locale.ROOT, "%njar: %s %,d bytes%n", lambdaJar.getFileName(), Files.size(lambdaJar)));
        return md.toString();
    }

    /** One more run of the first variant (and the baseline, if any) with -Xlog:class+load; classes per package. */
    private String diagnose(ChildJvm jvm, LocalDynamoDb db, Map<String, String> env, List<Variant> variants, Path out)
            throws Exception {
        List<Variant> diagnosed = new ArrayList<>(List.of(variants.get(0)));
        suite.baseline(variants).ifPresent(diagnosed::add);
        StringBuilder md = new StringBuilder("\nclasses loaded in one run (-Xlog:class+load), by package:\n\n");
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int i = 0; i < diagnosed.size(); i++) {
            Variant variant = diagnosed.get(i);
            Path log = Files.createDirectories(out).resolve("class-load-" + (i == 0 ? "handler" : "baseline") + ".log");
            Files.deleteIfExists(log);
            String run = "diagnose-" + i;
            suite.beforeRun(db, variant, run);
            List<String> args = new ArrayList<>(variant.args());
            args.add(run);
            List<String> jvmOptions = new ArrayList<>(variant.jvmOptions());
            jvmOptions.add("-Xlog:class+load=info:file=" + log.toAbsolutePath());
            ChildJvm.Run result = jvm.run(variant.classpath(), variant.mainClass(), args, env, jvmOptions);
            if (result.exitCode() != 0) {
                throw new IllegalStateException("diagnostic run failed:\n" + result.output());
            }
            counts.add(packages(log));
        }
        Map<String, Integer> ours = counts.get(0);
        Map<String, Integer> theirs = counts.size() > 1 ? counts.get(1) : Map.of();
        md.append("| package | ").append(diagnosed.get(0).name());
        if (counts.size() > 1) {
            md.append(" | ").append(diagnosed.get(1).name()).append(" | extra |\n|---|---:|---:|---:|\n");
        } else {
            md.append(" |\n|---|---:|\n");
        }
        ours.entrySet().stream()
                .sorted((x, y) -> Integer.compare(y.getValue() - theirs.getOrDefault(y.getKey(), 0),
                        x.getValue() - theirs.getOrDefault(x.getKey(), 0)))
                .limit(25)
                .forEach(e -> md.append(counts.size() > 1
                        ? String.format(Locale.ROOT, "| %s | %d | %d | %d |%n", e.getKey(), e.getValue(),
                                theirs.getOrDefault(e.getKey(), 0), e.getValue() - theirs.getOrDefault(e.getKey(), 0))
                        : String.format(Locale.ROOT, "| %s | %d |%n", e.getKey(), e.getValue())));
        return md.toString();
    }

    private static Map<String, Integer> packages(Path log) throws IOException {
        Map<String, Integer> packages = new TreeMap<>();
        int total = 0;
        try (Stream<String> lines = Files.lines(log)) {
            for (String line : (Iterable<String>) lines::iterator) {
                int start = line.indexOf("] ");
                int end = line.indexOf(" source:");
                if (start < 0 || end < 0) {
                    continue;
                }
                packages.merge(group(line.substring(start + 2, end).trim()), 1, Integer::sum);
                total++;
            }
        }
        packages.put("(total)", total);
        return packages;
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
        List<String> keys = new ArrayList<>(suite.columns().keySet());
        StringBuilder csv = new StringBuilder("variant,run,wall_ms");
        keys.forEach(key -> csv.append(',').append(key));
        csv.append('\n');
        wall.forEach((variant, samples) -> {
            for (int i = 0; i < samples.count(); i++) {
                csv.append('"').append(variant.name()).append("\",").append(i).append(',').append(samples.values().get(i));
                for (String key : keys) {
                    Samples values = timings.get(variant).get(key);
                    csv.append(',').append(values == null ? "" : values.values().get(i).toString());
                }
                csv.append('\n');
            }
        });
        return csv.toString();
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

    /**
     * Copies the launcher classes (and their nested classes) out of bench's classes, keeping their
     * packages; a class from another module's jar (the shared Lambda context of {@code testing/})
     * is copied from the class path with its declared nested classes.
     */
    private static void copyLauncher(Path classes, Path target, List<Class<?>> launcherClasses) throws IOException {
        for (Class<?> type : launcherClasses) {
            Path dir = classes.resolve(type.getPackageName().replace('.', '/'));
            Path destination = Files.createDirectories(target.resolve(type.getPackageName().replace('.', '/')));
            if (!Files.exists(dir.resolve(type.getSimpleName() + ".class"))) {
                copyFromClassPath(type, destination);
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (name.equals(type.getSimpleName() + ".class") || name.startsWith(type.getSimpleName() + "$")) {
                        Files.copy(file, destination.resolve(name));
                    }
                }
            }
        }
    }

    private static void copyFromClassPath(Class<?> type, Path destination) throws IOException {
        String file = type.getName().substring(type.getPackageName().length() + 1) + ".class";
        try (var in = type.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + type.getName());
            }
            Files.copy(in, destination.resolve(file));
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            copyFromClassPath(nested, destination);
        }
    }

    /** The one file in {@code directory} whose name matches {@code pattern}. */
    public static Path only(String directory, String pattern) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(directory))) {
            List<Path> matches = files.filter(p -> p.getFileName().toString().matches(pattern)).toList();
            if (matches.size() != 1) {
                throw new IllegalStateException("expected one " + pattern + " in " + directory + ", found " + matches
                        + "; build with: mvn -pl bench -am package -DskipTests");
            }
            return matches.get(0);
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
            if (name.equals("no-pin") || name.equals("diagnose") || name.equals("print-output")) {
                options.put(name, "true");
            } else {
                options.put(name, list.get(++i));
            }
        }
        return options;
    }
}
