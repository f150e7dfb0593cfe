package dev.userbase.local.lambda;

import java.time.Duration;
import java.util.Objects;

/**
 * A function of the local stack: its name (what callers invoke), the handler class Lambda would load,
 * and the limits it runs with.
 *
 * @param handlerClass fully qualified class name, loaded by reflection when the function is first used
 */
public record FunctionDefinition(String name, String handlerClass, Duration timeout, int memoryMb) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public FunctionDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handlerClass, "handlerClass");
        Objects.requireNonNull(timeout, "timeout");
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("not a Lambda function name: " + name);
        }
    }

    public static FunctionDefinition of(String name, String handlerClass) {
        return new FunctionDefinition(name, handlerClass, DEFAULT_TIMEOUT, 512);
    }

    public FunctionDefinition withTimeout(Duration value) {
        return new FunctionDefinition(name, handlerClass, value, memoryMb);
    }
}
