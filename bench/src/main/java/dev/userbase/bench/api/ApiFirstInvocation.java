package dev.userbase.bench.api;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.api.ApiHandler;
import dev.userbase.testing.LambdaTestContext;

/**
 * Runs in a fresh JVM on the API's deployable Lambda jar: constructs handlers the way Lambda does
 * (public no-arg constructor, configuration from the environment), then invokes the first of them
 * twice with an event file. Prints {@code TIMING jvm_to_main_ms= init_ms= first_ms= second_ms=
 * init_first_ms= classes=}; exits 1 if the first answer is not 200.
 *
 * <pre>ApiFirstInvocation event.json cold|primed Handler [Handler…] run-id</pre>
 * The handlers after the first are only constructed (to cost a one-function router). {@code primed}
 * runs the handlers' SnapStart priming after construction (counted in init), which is the state a
 * SnapStart restore starts from.
 */
public final class ApiFirstInvocation {

    private ApiFirstInvocation() {
    }

    public static void main(String[] args) throws Exception {
        long mainStart = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        boolean primed = args[1].equals("primed");
        String run = args[args.length - 1];
        List<RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> handlers = new ArrayList<>();
        for (int i = 2; i < args.length - 1; i++) {
            @SuppressWarnings("unchecked")
            RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler =
                    (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>)
                            Class.forName(args[i]).getConstructor().newInstance();
            handlers.add(handler);
            if (primed) {
                ((ApiHandler) handler).prime();
            }
        }
        long initDone = System.currentTimeMillis();
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        byte[] eventBytes = Files.readAllBytes(Path.of(args[0]));
        long firstStart = System.currentTimeMillis();
        APIGatewayProxyResponseEvent first = handlers.get(0).handleRequest(
                json.readValue(eventBytes, APIGatewayProxyRequestEvent.class), new LambdaTestContext(run + "-1", "userbase-api"));
        long firstDone = System.currentTimeMillis();
        handlers.get(0).handleRequest(json.readValue(eventBytes, APIGatewayProxyRequestEvent.class),
                new LambdaTestContext(run + "-2", "userbase-api"));
        long secondDone = System.currentTimeMillis();
        if (first.getStatusCode() != 200) {
            System.out.println("first request answered " + first.getStatusCode() + ": " + first.getBody());
            System.exit(1);
        }
        System.out.println("TIMING jvm_to_main_ms=" + (mainStart - jvmStart) + " init_ms=" + (initDone - mainStart)
                + " first_ms=" + (firstDone - firstStart) + " second_ms=" + (secondDone - firstDone)
                + " init_first_ms=" + (firstDone - mainStart - (firstStart - initDone))
                + " classes=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        System.exit(0);
    }
}
