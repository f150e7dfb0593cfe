package dev.userbase.bench.coldstart;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;

import dev.userbase.triggers.PostConfirmationHandler;

/**
 * Ours: a fresh JVM whose classpath is the deployable triggers jar (plus this class) constructs
 * {@link PostConfirmationHandler} with its Lambda (no-arg) constructor and completes its first
 * invocation, as a Lambda cold start does. The event is built in code, as the baseline builds its
 * request in code: neither pays for JSON deserialisation.
 *
 * <p>usage: {@code HandlerFirstInvocation <run id>} with the handler's environment.
 */
public final class HandlerFirstInvocation {

    private HandlerFirstInvocation() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        PostConfirmationHandler handler = new PostConfirmationHandler();
        long constructed = System.nanoTime();
        String run = args[0];
        CognitoUserPoolPostConfirmationEvent event = CognitoUserPoolPostConfirmationEvent.builder()
                .withVersion("1")
                .withTriggerSource("PostConfirmation_ConfirmSignUp")
                .withRegion(System.getenv("AWS_REGION"))
                .withUserPoolId("us-east-1_Bench")
                .withUserName(FirstInvocationItems.userName(run))
                .withCallerContext(CognitoUserPoolEvent.CallerContext.builder()
                        .withAwsSdkVersion("aws-sdk-unknown-unknown").withClientId("bench").build())
                .withRequest(CognitoUserPoolPostConfirmationEvent.Request.builder()
                        .withUserAttributes(Map.of(
                                "sub", FirstInvocationItems.sub(run),
                                "email", FirstInvocationItems.email(run),
                                "email_verified", "true",
                                "cognito:user_status", "CONFIRMED",
                                "given_name", FirstInvocationItems.GIVEN_NAME,
                                "family_name", FirstInvocationItems.FAMILY_NAME))
                        .build())
                .build();
        handler.handleRequest(event, new RunContext("bench-request-" + run));
        long invoked = System.nanoTime();
        System.out.println("TIMING construct_ms=" + (constructed - start) / 1_000_000
                + " invoke_ms=" + (invoked - constructed) / 1_000_000);
        System.exit(0);
    }

    private record RunContext(String requestId) implements Context {
        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/userbase-post-confirmation";
        }

        @Override
        public String getLogStreamName() {
            return "bench";
        }

        @Override
        public String getFunctionName() {
            return "userbase-post-confirmation";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:123456789012:function:userbase-post-confirmation";
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
