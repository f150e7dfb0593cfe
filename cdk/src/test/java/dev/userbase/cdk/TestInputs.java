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
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Inputs for synthesizing without the handler modules: placeholder jars (real, tiny jar files, so
 * the assets are staged as they would be) and a directory of event schemas.
 */
final class TestInputs {

    static final String SCHEMA_CREATED = "user.created";
    static final String SCHEMA_FOLLOWED = "user.followed";
    static final String SCHEMA_DELETED = "user.deleted";

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
                Path schemas = Files.createDirectories(root.resolve("schemas"));
                Files.writeString(schemas.resolve(SCHEMA_CREATED + ".json"), schema(SCHEMA_CREATED));
                Files.writeString(schemas.resolve(SCHEMA_FOLLOWED + ".json"), schema(SCHEMA_FOLLOWED));
                // The events-schema layout: <detail type>/<version>.schema.json.
                Path deleted = Files.createDirectories(schemas.resolve(SCHEMA_DELETED));
                Files.writeString(deleted.resolve("1.0.schema.json"), schema(SCHEMA_DELETED));
                // Not a schema: must not be registered.
                Files.writeString(schemas.resolve("README.txt"), "samples live elsewhere");
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

    static LambdaArtifacts artifacts() {
        return LambdaArtifacts.fromBuild(root(), "0.0.0-test");
    }

    static Path schemas() {
        return root().resolve("schemas");
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

    static String schema(String detailType) {
        return "{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"title\":\"" + detailType + "\","
                + "\"description\":\"Envelope of " + detailType + "\",\"type\":\"object\","
                + "\"required\":[\"version\",\"eventId\"],"
                + "\"properties\":{\"version\":{\"type\":\"string\"},\"eventId\":{\"type\":\"string\"}}}";
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
