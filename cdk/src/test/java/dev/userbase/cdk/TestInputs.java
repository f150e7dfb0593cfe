package dev.userbase.cdk;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The Lambda jars to synthesize with: the handler modules' real jars when the build has made them
 * (the reactor packages them before this module's tests when {@code verify} or {@code package}
 * runs), else placeholder jars (real, tiny jar files, so the assets are staged as they would be).
 */
final class TestInputs {

    /** Set by surefire (pom.xml): the project's root and version, where the real jars are looked for. */
    static final String PROJECT_ROOT = "userbase.projectRoot";
    static final String PROJECT_VERSION = "userbase.version";

    private static Path root;

    private TestInputs() {
    }

    static synchronized Path root() {
        if (root == null) {
            try {
                root = temporaryDirectory("userbase-cdk-test");
                for (String module : new String[] {"triggers", "api-handlers", "stream-handlers"}) {
                    Path jar = LambdaArtifacts.moduleJar(root, module, "0.0.0-test");
                    Files.createDirectories(jar.getParent());
                    writeJar(jar, module);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    /** A directory deleted, with everything in it, when the test JVM exits. */
    static Path temporaryDirectory(String prefix) throws IOException {
        Path directory = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
        return directory;
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort: the system's temporary directory is cleaned eventually anyway.
        }
    }

    /** Placeholder jars: for construct tests, which need no real code. */
    static LambdaArtifacts artifacts() {
        return LambdaArtifacts.fromBuild(root(), "0.0.0-test");
    }

    /** The real jars of this build, if all three exist. */
    static Optional<LambdaArtifacts> builtArtifacts() {
        String projectRoot = System.getProperty(PROJECT_ROOT);
        String version = System.getProperty(PROJECT_VERSION);
        if (projectRoot == null || version == null) {
            return Optional.empty();
        }
        Path base = Path.of(projectRoot);
        for (String module : new String[] {"triggers", "api-handlers", "stream-handlers"}) {
            if (!Files.isRegularFile(LambdaArtifacts.moduleJar(base, module, version))) {
                return Optional.empty();
            }
        }
        return Optional.of(LambdaArtifacts.fromBuild(base, version));
    }

    /** For the whole app: the real jars when the build has made them, else placeholders. */
    static LambdaArtifacts appArtifacts() {
        return builtArtifacts().orElseGet(TestInputs::artifacts);
    }

    /** Settings as the app reads them from {@code context}. */
    static DeploymentSettings settings(Map<String, Object> context) {
        Map<String, Object> copy = new LinkedHashMap<>(context);
        Function<String, Object> lookup = copy::get;
        return DeploymentSettings.fromContext(lookup);
    }

    static DeploymentSettings devSettings() {
        return settings(Map.of());
    }

    private static void writeJar(Path jar, String module) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            zip.putNextEntry(new JarEntry("placeholder.txt"));
            zip.write(("placeholder for the " + module + " Lambda jar").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }
}
