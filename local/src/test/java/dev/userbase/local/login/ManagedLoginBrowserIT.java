package dev.userbase.local.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.userbase.local.LocalStack;
import dev.userbase.local.testing.StackClient;
import dev.userbase.local.testing.StackFixtures;

/**
 * Managed login and the console in a real browser: {@code local/browser-tests/signin-and-console.mjs}
 * (playwright-core driving Debian's Chromium) against a started stack, with an example app that signs
 * in with oidc-client-ts. Needs {@code /usr/bin/chromium} (or {@code CHROMIUM}); {@code .ci/run}
 * installs it, elsewhere the test is skipped without it. Screenshots go to
 * {@code target/screenshots}, or to {@code SCREENSHOT_DIR} (the docs' come from
 * {@code SCREENSHOT_DIR=docs/screenshots}).
 */
class ManagedLoginBrowserIT {

    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static LocalStack stack;
    private static int appPort;

    @BeforeAll
    static void start() throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(chromium + " is missing: .ci/run installs Debian's chromium package");
            }
            Assumptions.abort(chromium + " is not installed (apt-get install chromium): browser test skipped");
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            appPort = socket.getLocalPort();
        }
        String app = "http://127.0.0.1:" + appPort + "/";
        stack = StackFixtures.startReal(StackFixtures.settings(WINDOW).withAppUrls(List.of(app), List.of(app)), WINDOW);
        try (StackClient client = new StackClient(stack)) {
            StackFixtures.warmUp(stack, WINDOW, client);
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void signUpWithPkceExchangeTheCodeCallTheApi_andTheConsoleShowsTheUserAndItsEventLive() throws Exception {
        Path home = StackFixtures.projectHome();
        Path screenshots = Path.of(System.getenv().getOrDefault("SCREENSHOT_DIR",
                home.resolve("local/target/screenshots").toString()));
        Path log = Files.createTempFile("browser-test", ".log");
        ProcessBuilder node = new ProcessBuilder(System.getenv().getOrDefault("NODE", "node"),
                home.resolve("local/browser-tests/signin-and-console.mjs").toString())
                .directory(home.resolve("local").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        node.environment().put("LOGIN_URL", stack.loginUrl());
        node.environment().put("API_URL", stack.apiUrl());
        node.environment().put("CONSOLE_URL", stack.awsEndpoint() + "/console/");
        node.environment().put("CLIENT_ID", stack.userPool().clientId());
        node.environment().put("APP_PORT", Integer.toString(appPort));
        node.environment().put("SCREENSHOT_DIR", screenshots.toString());
        Process process = node.start();
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        String output = read(log);
        System.out.println(output);

        assertThat(finished).as("the browser test finished within 5 minutes:\n%s", output).isTrue();
        assertThat(process.exitValue()).as("the browser test's exit code:\n%s", output).isZero();
        assertThat(output).contains("ok - a new user signs up through /oauth2/authorize with PKCE")
                .contains("ok - the console (opened before the sign-up, never reloaded) showed the user.created event arriving live")
                .contains(" 0 failed");
        assertThat(screenshots.resolve("managed-login-sign-in.png")).isNotEmptyFile();
        assertThat(screenshots.resolve("console-events.png")).isNotEmptyFile();
    }

    private static String read(Path log) throws IOException {
        try {
            return Files.readString(log);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
