package dev.userbase.bench.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a fresh JVM for one measured run, optionally pinned to one CPU with {@code taskset}, and
 * times it from process start to exit. The child gets a clean environment (only what is given,
 * plus PATH), so JAVA_TOOL_OPTIONS and the like cannot skew a run.
 */
public final class ChildJvm {

    /** The result of one run. */
    public record Run(long wallMillis, int exitCode, String output) {
    }

    private final Integer cpu;
    private final List<String> jvmOptions;

    /** @param cpu the CPU to pin children to, or {@code null} to leave them unpinned */
    public ChildJvm(Integer cpu, List<String> jvmOptions) {
        this.cpu = cpu;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** {@code taskset} exists and this machine has the CPU asked for. */
    public static boolean canPin(int cpu) {
        return Files.isExecutable(Path.of("/usr/bin/taskset")) && Runtime.getRuntime().availableProcessors() > cpu;
    }

    public Run run(String classpath, String mainClass, List<String> args, Map<String, String> env, List<String> extraOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (cpu != null) {
            command.addAll(List.of("/usr/bin/taskset", "-c", cpu.toString()));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(extraOptions);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        String path = environment.get("PATH");
        environment.clear();
        if (path != null) {
            environment.put("PATH", path);
        }
        environment.putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("child JVM did not finish in 120 s: " + command);
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        return new Run(wall, process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
