package dev.userbase.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import dev.userbase.local.LocalStack;
import dev.userbase.local.LocalStackSettings;
import dev.userbase.local.StackFunctions;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;

/** Settings and function sets for tests that start the stack: ephemeral ports, a temporary directory. */
public final class StackFixtures {

    private StackFixtures() {
    }

    /** The project root: tests run with the module directory ({@code local/}) as working directory. */
    public static Path projectHome() {
        Path module = Path.of("").toAbsolutePath();
        return Files.isDirectory(module.resolve("../core")) ? module.getParent() : module;
    }

    public static LocalStackSettings settings(Duration followWindow) {
        try {
            Path dir = Files.createTempDirectory("userbase-local-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            return new LocalStackSettings("127.0.0.1", 0, 0, 0, 0, dir, true, false, projectHome(), "us-east-1",
                    followWindow, Optional.empty(), Duration.ZERO, Duration.ofMillis(100), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same settings with the data kept in their directory, not in memory: a restart finds it. */
    public static LocalStackSettings persistent(LocalStackSettings s) {
        return new LocalStackSettings(s.host(), 0, 0, 0, 0, s.dataDirectory(), false, false, s.home(), s.region(),
                s.followCounterWindow(), s.rulesFile(), s.ttlSweepInterval(), s.streamPollInterval(), false);
    }

    /** Starts the stack of {@code StackFunctions.real(followWindow)} on the system clock. */
    public static LocalStack startReal(LocalStackSettings settings, Duration followWindow) throws Exception {
        return LocalStack.start(settings, StackFunctions.real(followWindow), Clock.systemUTC());
    }

    /**
     * Warms the Cognito triggers, so that the first sign-up does not meet their cold start on a busy
     * machine (their timeout is 5 s), and makes that first call (SDK clients, JIT) here, retried.
     */
    public static void warmUp(LocalStack stack, Duration followWindow, StackClient client) {
        StackFunctions.real(followWindow).cognitoTriggers().values().forEach(name -> stack.function(name).warm());
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                client.signUp("warm-up-" + attempt + "@example.com", "Passw0rd!", "Warm Up");
                break;
            } catch (UserLambdaValidationException e) {
                // a cold trigger timed out: again
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the OS cleans up what is left
        }
    }
}
