package dev.userbase.triggers;

import static dev.userbase.triggers.FixtureUsers.ANN_EMAIL;
import static dev.userbase.triggers.FixtureUsers.ANN_SUB;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.processor.PluginEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolMigrateUserEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreSignUpEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEvent;

import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.testing.StoredItems;
import dev.userbase.core.migration.MigrationSettings;
import dev.userbase.core.testing.LambdaJars;
import dev.userbase.core.testing.LegacyTables;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.testing.LambdaTestContext;
import dev.userbase.triggers.launch.LambdaJarLauncher;

/**
 * The deployable jar ({@code target/userbase-triggers-<version>-lambda.jar}): what it must and must
 * not contain, and that its handlers work from it alone with X-Ray tracing active as on Lambda
 * (no AWS SDK v1 on the classpath), each in a fresh JVM.
 */
class LambdaJarIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();
    @RegisterExtension
    static final LegacyTables legacy = new LegacyTables(tables);

    private static Path jar;

    @BeforeAll
    static void findJar() throws IOException {
        jar = LambdaJars.find("triggers");
    }

    @Test
    void jar_holdsTheHandlersAndNoTestLocalOrSdkV1Code() throws IOException {
        List<String> entries = entries();

        assertThat(entries).contains(
                "dev/userbase/triggers/PreSignUpHandler.class",
                "dev/userbase/triggers/PostConfirmationHandler.class",
                "dev/userbase/triggers/PreTokenGenerationHandler.class",
                "dev/userbase/triggers/UserMigrationHandler.class",
                "dev/userbase/triggers/ReconcileHandler.class",
                "dev/userbase/core/signup/ProfileProvisioner.class",
                "org/springframework/security/crypto/bcrypt/BCrypt.class",
                "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
                "com/amazonaws/xray/AWSXRay.class",
                "log4j2.xml");
        LambdaJars.assertNoTestLocalOrSdkV1Code(entries);
    }

    @Test
    void jar_hasOneLog4jPluginCacheMergedFromEveryLibraryThatHasOne() throws IOException {
        assertThat(entries()).containsOnlyOnce("META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat");
        PluginCache cache = new PluginCache();
        URL dat = new URL("jar:" + jar.toUri() + "!/META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat");
        cache.loadCacheFiles(Collections.enumeration(List.of(dat)));
        Map<String, Map<String, PluginEntry>> categories = cache.getAllCategories();

        assertThat(categories.get("core")).as("log4j-core").containsKey("console");
        assertThat(categories.get("core")).as("log4j-layout-template-json").containsKey("jsontemplatelayout");
        assertThat(categories.get("jsontemplateresolverfactory")).as("powertools-logging")
                .containsKey("powertoolsresolverfactory");
    }

    @Test
    void handlers_runFromTheJarAloneWithTracingActive(@TempDir Path work) throws Exception {
        Path launcher = copyLauncher(work);
        try (DatagramSocket daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = lambdaEnvironment(work, "1-67d2a1b0-5c6d7e8f9a0b1c2d3e4f5a6b", daemon);

            String signUp = run(launcher, env, PreSignUpHandler.class, CognitoUserPoolPreSignUpEvent.class,
                    "events/cognito/pre-sign-up-sign-up.json");
            String confirm = run(launcher, env, PostConfirmationHandler.class, CognitoUserPoolPostConfirmationEvent.class,
                    "events/cognito/post-confirmation-confirm-sign-up.json");
            String token = run(launcher, env, PreTokenGenerationHandler.class, CognitoUserPoolPreTokenGenerationEvent.class,
                    "events/cognito/pre-token-generation/Authentication.json");

            assertThat(signUp).contains("RESULT {").contains("\"triggerSource\":\"PreSignUp_SignUp\"");
            assertThat(confirm).contains("RESULT {");
            assertThat(token).contains("\"claimsToAddOrOverride\":{\"status\":\"ACTIVE\"}");
            for (String output : List.of(signUp, confirm, token)) {
                assertThat(output).as("Powertools JSON log lines with the Lambda context")
                        .contains("\"coldStart\":\"true\"")
                        .contains("\"function_request_id\":\"0f5d5c4b-3a29-4e1f-8d7c-6b5a49382716\"")
                        .contains("\"xray_trace_id\":\"1-67d2a1b0-5c6d7e8f9a0b1c2d3e4f5a6b\"")
                        .doesNotContain("Exception");
            }
            StoredItems repository = tables.items();
            assertThat(repository.findReservation(ANN_EMAIL).orElseThrow().state())
                    .isEqualTo(EmailReservation.State.CONFIRMED);
            assertThat(repository.findProfile(ANN_SUB)).isPresent();

            String segments = String.join("\n", received(daemon));
            assertThat(segments).as("X-Ray subsegments sent to the daemon")
                    .contains("\"name\":\"## handleRequest\"")
                    .contains("1-67d2a1b0-5c6d7e8f9a0b1c2d3e4f5a6b")
                    .contains("\"operation\":\"TransactWriteItems\"")
                    .contains("\"operation\":\"PutItem\"")
                    .contains("\"operation\":\"GetItem\"")
                    .as("no personal data in traces")
                    .doesNotContainIgnoringCase("ann.lee")
                    .doesNotContain("given_name");
        }
    }

    @Test
    void userMigration_runsFromTheJarAndNeitherLogsNorTracesThePasswordOrTheHash(@TempDir Path work) throws Exception {
        String hash = legacy.add("legacy-17", "mia.chen@example.com", "Legacy-Secret-42", "Mia Chen", false)
                .passwordHash();
        Path launcher = copyLauncher(work);
        try (DatagramSocket daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = lambdaEnvironment(work, "1-67d2a1b0-5c6d7e8f9a0b1c2d3e4f5a6c", daemon);
            env.put(MigrationSettings.LEGACY_USERS_TABLE, legacy.table());

            String output = run(launcher, env, UserMigrationHandler.class, CognitoUserPoolMigrateUserEvent.class,
                    "events/cognito/user-migration/Authentication.json");

            assertThat(output).contains("\"finalUserStatus\":\"CONFIRMED\"").contains("\"messageAction\":\"SUPPRESS\"");
            String logs = output.substring(0, output.indexOf("RESULT {"));
            String segments = String.join("\n", received(daemon));
            assertThat(segments).contains("\"operation\":\"Query\"").contains("\"operation\":\"PutItem\"");
            for (String text : List.of(logs, segments)) {
                assertThat(text).doesNotContain("Legacy-Secret-42").doesNotContain(hash)
                        .doesNotContain(hash.substring(7));
            }
        }
    }

    /**
     * What Lambda sets for a function of this jar with active tracing (the trace {@code root}, the
     * X-Ray daemon on {@code daemon}), pointed at this test's users table; a mutable map.
     */
    private static Map<String, String> lambdaEnvironment(Path work, String root, DatagramSocket daemon) {
        Map<String, String> env = new HashMap<>();
        env.put("LAMBDA_TASK_ROOT", work.toString());
        env.put("_X_AMZN_TRACE_ID", "Root=" + root + ";Parent=53995c3f42cd8ad8;Sampled=1");
        env.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + daemon.getLocalPort());
        env.put("AWS_XRAY_CONTEXT_MISSING", "RUNTIME_ERROR");
        env.put("POWERTOOLS_SERVICE_NAME", "triggers");
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("USERS_TABLE", tables.usersTable());
        env.put("AWS_ENDPOINT_URL_DYNAMODB", tables.config().endpoints().dynamoDb().toString());
        return env;
    }

    private static String run(Path launcher, Map<String, String> env, Class<?> handler, Class<?> eventType,
            String fixture) throws Exception {
        Path event = Path.of("src/test/resources", fixture);
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toAbsolutePath() + java.io.File.pathSeparator + launcher + java.io.File.pathSeparator
                        + Path.of(LambdaTestContext.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                LambdaJarLauncher.class.getName(), handler.getName(), eventType.getName(), event.toString())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** Only the launcher's classes: the rest of test-classes (log4j2-test.xml…) must not shadow the jar. */
    private static Path copyLauncher(Path work) throws IOException {
        Path source = Path.of("target/test-classes/dev/userbase/triggers/launch");
        Path target = work.resolve("classes/dev/userbase/triggers/launch");
        Files.createDirectories(target);
        try (Stream<Path> classes = Files.list(source)) {
            for (Path file : classes.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return work.resolve("classes");
    }

    private static List<String> received(DatagramSocket daemon) throws IOException {
        List<String> documents = new ArrayList<>();
        daemon.setSoTimeout(500);
        byte[] buffer = new byte[64 * 1024];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                daemon.receive(packet);
            } catch (SocketTimeoutException drained) {
                return documents;
            }
            documents.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
        }
    }

    private static List<String> entries() throws IOException {
        return LambdaJars.entries(jar);
    }
}
