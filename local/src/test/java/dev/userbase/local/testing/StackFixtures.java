package dev.userbase.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.userbase.local.LocalStackSettings;

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
}
