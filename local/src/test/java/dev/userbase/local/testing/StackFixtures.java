package dev.userbase.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import dev.userbase.core.api.ApiFunction;
import dev.userbase.local.LocalStackSettings;
import dev.userbase.local.StackFunctions;
import dev.userbase.local.lambda.FunctionDefinition;
import dev.userbase.local.standin.StandInApi;
import dev.userbase.local.standin.StandInChangeStream;
import dev.userbase.local.standin.StandInFollowCounter;
import dev.userbase.local.standin.StandInPostConfirmation;
import dev.userbase.local.standin.StandInPreSignUp;
import dev.userbase.local.standin.StandInPreTokenGeneration;

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

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the OS cleans up what is left
        }
    }

    /** The stack's wiring with the stand-in handlers of {@code dev.userbase.local.standin}. */
    public static StackFunctions standIns(Duration followWindow) {
        Map<ApiFunction, FunctionDefinition> api = new EnumMap<>(ApiFunction.class);
        for (ApiFunction function : ApiFunction.values()) {
            api.put(function, FunctionDefinition.of(StackFunctions.apiFunctionName(function), StandInApi.class.getName()));
        }
        return new StackFunctions(
                FunctionDefinition.of(StackFunctions.PRE_SIGN_UP, StandInPreSignUp.class.getName()),
                FunctionDefinition.of(StackFunctions.POST_CONFIRMATION, StandInPostConfirmation.class.getName()),
                FunctionDefinition.of(StackFunctions.PRE_TOKEN_GENERATION, StandInPreTokenGeneration.class.getName()),
                api,
                FunctionDefinition.of(StackFunctions.FOLLOW_COUNTER, StandInFollowCounter.class.getName()),
                StackFunctions.defaultFollowCounterMapping(followWindow),
                FunctionDefinition.of(StackFunctions.CHANGE_STREAM, StandInChangeStream.class.getName()),
                StackFunctions.defaultChangeStreamMapping());
    }
}
