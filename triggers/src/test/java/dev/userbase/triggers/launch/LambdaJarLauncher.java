package dev.userbase.triggers.launch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs one handler from the deployable jar the way Lambda does: a fresh JVM whose classpath is the
 * jar (plus this class), the handler built with its public no-arg constructor from environment
 * variables, one invocation. Prints {@code RESULT <event JSON>} or {@code FAILED <type>: <message>}.
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
            Object result = handler.handleRequest(event, new LauncherContext());
            System.out.println("RESULT " + mapper.writeValueAsString(result));
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static final class LauncherContext implements Context {
        @Override
        public String getAwsRequestId() {
            return "0f5d5c4b-3a29-4e1f-8d7c-6b5a49382716";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/userbase-triggers";
        }

        @Override
        public String getLogStreamName() {
            return "2026/03/01/[$LATEST]launcher";
        }

        @Override
        public String getFunctionName() {
            return "userbase-triggers";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:123456789012:function:userbase-triggers";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 5_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.println(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.println(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
