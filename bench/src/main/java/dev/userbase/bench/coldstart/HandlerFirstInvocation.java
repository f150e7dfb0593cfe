package dev.userbase.bench.coldstart;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;

import dev.userbase.testing.LambdaTestContext;
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
        handler.handleRequest(event, new LambdaTestContext("bench-request-" + run, "userbase-post-confirmation"));
        long invoked = System.nanoTime();
        System.out.println("TIMING construct_ms=" + (constructed - start) / 1_000_000
                + " invoke_ms=" + (invoked - constructed) / 1_000_000);
        System.exit(0);
    }
}
