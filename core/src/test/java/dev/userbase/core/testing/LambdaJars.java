package dev.userbase.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The deployable (shaded) Lambda jar a handler module builds in its package phase, and what none of
 * them may contain: our embedded DynamoDB engine (a test and local-stack part), DynamoDB Local,
 * AWS SDK v1, sqlite4java, test libraries, HTTP clients the handlers do not use. Each module's {@code LambdaJarIT} adds what its own jar must hold.
 */
public final class LambdaJars {

    private LambdaJars() {
    }

    /** {@code target/userbase-<module>-<version>-lambda.jar} of the module whose tests are running. */
    public static Path find(String module) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("userbase-" + module + "-.*-lambda\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Lambda jar in target/; run the package phase"));
        }
    }

    /** The jar's file entries (no directories). */
    public static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().filter(e -> !e.isDirectory()).map(JarEntry::getName).toList();
        }
    }

    /** Fails if the entries hold test-only, local-only or SDK v1 code, or unused HTTP clients. */
    public static void assertNoTestLocalOrSdkV1Code(List<String> entries) {
        assertThat(entries).as("DynamoDB Local and SDK v1 DynamoDB")
                .noneMatch(e -> e.startsWith("com/amazonaws/services/dynamodbv2/") || e.startsWith("com/amazon/dynamodb/"));
        assertThat(entries).as("SDK v1 service clients (only the Lambda runtime interfaces and events belong here)")
                .noneMatch(e -> e.startsWith("com/amazonaws/services/") && !e.startsWith("com/amazonaws/services/lambda/runtime/"));
        assertThat(entries).as("SDK v1 core")
                .doesNotContain("com/amazonaws/AmazonWebServiceClient.class")
                .noneMatch(e -> e.startsWith("com/amazonaws/auth/") || e.startsWith("com/amazonaws/http/"));
        assertThat(entries).as("the embedded DynamoDB engine (tests and the local stack only)")
                .noneMatch(e -> e.startsWith("dev/userbase/dynamodb/"));
        assertThat(entries).as("sqlite4java")
                .noneMatch(e -> e.startsWith("com/almworks/") || e.contains("sqlite4java"));
        assertThat(entries).as("test-only code")
                .noneMatch(e -> e.startsWith("org/junit/") || e.startsWith("org/assertj/") || e.startsWith("org/mockito/")
                        || e.startsWith("net/jqwik/") || e.startsWith("dev/userbase/core/testing/")
                        || e.startsWith("com/amazonaws/services/lambda/runtime/tests/") || e.equals("log4j2-test.xml"));
        assertThat(entries).as("HTTP clients the handlers do not use, and local-only servers")
                .noneMatch(e -> e.startsWith("software/amazon/awssdk/http/apache/") || e.startsWith("org/apache/http/")
                        || e.startsWith("software/amazon/awssdk/http/nio/netty/") || e.startsWith("io/netty/")
                        || e.startsWith("org/eclipse/jetty/"));
    }
}
