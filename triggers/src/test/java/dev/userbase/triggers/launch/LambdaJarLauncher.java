package dev.userbase.triggers.launch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.testing.LambdaTestContext;

/**
 * Runs one handler from the deployable jar the way Lambda does: a fresh JVM whose classpath is the
 * jar (plus this class), the handler built with its public no-arg constructor from environment
 * variables, one invocation. Prints {@code RESULT <event JSON>} or {@code FAILED <type>: <message>}.
 *
 * The Lambda context is the project's one ({@code testing/}), whose location the test adds to the class path.
 *
 * <p>usage: {@code LambdaJarLauncher <handler class> <event class> <event JSON file>}
 */
public final class LambdaJarLauncher {

    private LambdaJarLauncher() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        Class<?> eventType = Class.forName(args[1]);
        Object event = mapper.readValue(Files.readString(Path.of(args[2]), StandardCharsets.UTF_8), eventType);
        RequestHandler<Object, Object> handler =
                (RequestHandler<Object, Object>) Class.forName(args[0]).getConstructor().newInstance();
        try {
            Object result = handler.handleRequest(event, new LambdaTestContext("0f5d5c4b-3a29-4e1f-8d7c-6b5a49382716", "userbase-triggers"));
            System.out.println("RESULT " + mapper.writeValueAsString(result));
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
