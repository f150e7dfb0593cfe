package dev.userbase.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.userbase.local.lambda.FunctionDefinition;
import dev.userbase.local.testing.StackFixtures;

/**
 * {@code ./local/start} runs with the runtime classpath the build writes ({@code target/classpath.txt}),
 * not the test classpath, so a library the tests bring (test scope) can hide one a handler needs. Each
 * handler is loaded there, in a class loader that sees nothing else, and its signatures resolved.
 */
class RuntimeClasspathIT {

    @Test
    void everyHandler_resolvesOnTheClasspathLocalStartRunsWith() throws Exception {
        Path module = StackFixtures.projectHome().resolve("local");
        List<URL> urls = new ArrayList<>();
        urls.add(module.resolve("target/classes").toUri().toURL());
        for (String entry : Files.readString(module.resolve("target/classpath.txt")).trim().split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        try (URLClassLoader runtime = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            for (FunctionDefinition function : StackFunctions.real(Duration.ofSeconds(5)).all()) {
                Class<?> handler = Class.forName(function.handlerClass(), false, runtime);
                // resolves every type in the handler's signatures (constructors, methods, fields)
                assertThat(handler.getDeclaredConstructors()).as(function.name()).isNotEmpty();
                handler.getDeclaredMethods();
                handler.getDeclaredFields();
            }
            Class.forName(LocalStack.class.getName(), false, runtime).getDeclaredMethods();
        }
    }
}
