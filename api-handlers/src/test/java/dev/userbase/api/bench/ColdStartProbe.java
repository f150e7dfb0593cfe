package dev.userbase.api.bench;

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

import dev.userbase.core.testing.LambdaTestContext;


/**
 * Runs in a fresh JVM on the deployable Lambda jar: constructs handlers the way Lambda does
 * (public no-arg constructor, configuration from the environment), then invokes one of them twice
 * with an event file. Prints one line: {@code jvm-start-to-main init first-invocation
 * second-invocation status classes-loaded} (milliseconds, then counts).
 *
 * <pre>java -cp lambda.jar:test-classes dev.userbase.api.bench.ColdStartProbe event.json cold|primed Handler [Handler…]</pre>
 * The first handler named is invoked; the others are only constructed (to cost a one-function router).
 * {@code primed} runs the handlers' SnapStart priming after construction (counted in init), which is
 * the state a SnapStart restore starts from.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainStart = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        List<RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> handlers = new ArrayList<>();
        boolean primed = args[1].equals("primed");
        for (int i = 2; i < args.length; i++) {
            @SuppressWarnings("unchecked")
            RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler =
                    (RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>)
                            Class.forName(args[i]).getConstructor().newInstance();
            handlers.add(handler);
            if (primed) {
                ((dev.userbase.api.ApiHandler) handler).prime();
            }
        }
        long initDone = System.currentTimeMillis();
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        byte[] eventBytes = Files.readAllBytes(Path.of(args[0]));
        long firstStart = System.currentTimeMillis();
        APIGatewayProxyResponseEvent first = handlers.get(0).handleRequest(
                json.readValue(eventBytes, APIGatewayProxyRequestEvent.class), new LambdaTestContext());
        long firstDone = System.currentTimeMillis();
        handlers.get(0).handleRequest(json.readValue(eventBytes, APIGatewayProxyRequestEvent.class), new LambdaTestContext());
        long secondDone = System.currentTimeMillis();
        System.out.println("PROBE " + (mainStart - jvmStart) + " " + (initDone - mainStart) + " " + (firstDone - firstStart)
                + " " + (secondDone - firstDone) + " " + first.getStatusCode() + " "
                + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
    }
}
