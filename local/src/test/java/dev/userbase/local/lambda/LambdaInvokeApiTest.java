package dev.userbase.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.local.Json;
import dev.userbase.local.LocalClients;
import dev.userbase.local.http.LocalHttpServer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The Invoke API through the real SDK's {@code LambdaClient}: payloads reach handlers as Lambda's
 * Java runtime deserializes them, results and failures come back as Lambda reports them.
 */
class LambdaInvokeApiTest {

    private static LocalHttpServer server;
    private static FunctionRegistry functions;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() {
        functions = new FunctionRegistry("us-east-1", clazz -> clazz.getConstructor().newInstance(), Clock.systemUTC());
        functions.register(FunctionDefinition.of("pre-sign-up", TestHandlers.ConfirmingPreSignUp.class.getName()));
        functions.register(FunctionDefinition.of("stream", TestHandlers.AttributeReadingStreamHandler.class.getName()));
        functions.register(FunctionDefinition.of("failing", TestHandlers.Failing.class.getName()));
        functions.register(FunctionDefinition.of("sleepy", TestHandlers.Sleepy.class.getName()).withTimeout(Duration.ofMillis(300)));
        functions.register(FunctionDefinition.of("echo", TestHandlers.Echo.class.getName()));
        functions.register(FunctionDefinition.of("missing", "com.example.NoSuchHandler"));
        server = LocalHttpServer.bind("127.0.0.1", 0, "test").handle(LambdaInvokeApi.PATH, new LambdaInvokeApi(functions));
        server.start();
        lambda = LocalClients.of(LambdaClient.builder(), URI.create(server.url()));
    }

    @AfterAll
    static void stop() {
        lambda.close();
        server.close();
        functions.close();
    }

    @Test
    void invoke_cognitoTrigger_isReadAsThePojoAndItsResponseReturned() throws IOException {
        InvokeResponse response = invoke("pre-sign-up", fixture("events/cognito/pre_sign_up.json"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isNull();
        assertThat(response.executedVersion()).isEqualTo("$LATEST");
        JsonNode event = Json.parse(response.payload().asByteArray());
        assertThat(event.get("response").get("autoConfirmUser").asBoolean()).isTrue();
        assertThat(event.get("request").get("clientMetadata").get("seenEmail").asText()).isEqualTo("Ann@Example.com");
        assertThat(event.get("request").get("clientMetadata").get("function").asText()).isEqualTo("pre-sign-up");
        assertThat(event.get("userName").asText()).isEqualTo("3f6a2b1e-0d5c-4a8e-9b7f-2c1d0e9f8a7b");
    }

    @Test
    void invoke_dynamodbEvent_typedAttributeValuesReachTheHandler() throws IOException {
        InvokeResponse response = invoke("stream", fixture("events/dynamodb/stream_batch.json"));

        assertThat(response.functionError()).isNull();
        assertThat(Json.parse(response.payload().asByteArray()).get("batchItemFailures")).isEmpty();
    }

    @Test
    void invoke_handlerThrows_returnsUnhandledWithLambdasErrorDocument() {
        InvokeResponse response = invoke("failing", "{}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = Json.parse(response.payload().asByteArray());
        assertThat(error.get("errorMessage").asText()).isEqualTo("boom");
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("stackTrace")).isNotEmpty();
        assertThat(error.get("cause").get("errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
    }

    @Test
    void invoke_handlerTooSlow_timesOutAsUnhandled() {
        InvokeResponse response = invoke("sleepy", "{}");

        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(Json.parse(response.payload().asByteArray()).get("errorMessage").asText())
                .contains("Task timed out after 0.30 seconds");
    }

    @Test
    void invoke_handlerClassMissing_isAnUnhandledInitError() {
        InvokeResponse response = invoke("missing", "{}");

        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(Json.parse(response.payload().asByteArray()).get("errorType").asText())
                .isEqualTo("java.lang.ClassNotFoundException");
    }

    @Test
    void invoke_streamHandler_getsTheRawPayload() {
        InvokeResponse response = invoke("echo", "{\"a\": [1, 2]}");

        assertThat(response.payload().asUtf8String()).isEqualTo("{\"a\": [1, 2]}");
    }

    @Test
    void invoke_byArnAndQualifier_findsTheFunction() {
        InvokeResponse response = lambda.invoke(r -> r.functionName("arn:aws:lambda:us-east-1:000000000000:function:echo")
                .qualifier("$LATEST").payload(SdkBytes.fromUtf8String("{}")));

        assertThat(response.payload().asUtf8String()).isEqualTo("{}");
    }

    @Test
    void invoke_unknownFunction_isResourceNotFound() {
        assertThatThrownBy(() -> invoke("nope", "{}"))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope");
    }

    @Test
    void invoke_payloadNotJson_isInvalidRequestContent() {
        assertThatThrownBy(() -> invoke("echo", "{not json"))
                .isInstanceOf(InvalidRequestContentException.class)
                .hasMessageContaining("Could not parse request body into json");
    }

    @Test
    void invoke_asynchronously_isAccepted() {
        InvokeResponse response = lambda.invoke(r -> r.functionName("echo").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{}")));

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void concurrentInvocations_eachGetTheirOwnEnvironment_andIdleOnesAreReused() throws Exception {
        FunctionRegistry registry = new FunctionRegistry("us-east-1", clazz -> clazz.getConstructor().newInstance(), Clock.systemUTC());
        try (registry) {
            LocalFunction counting = registry.register(FunctionDefinition.of("counting", TestHandlers.Counting.class.getName()));
            TestHandlers.Counting.INSTANCES.set(0);
            TestHandlers.Counting.barrier = new java.util.concurrent.CyclicBarrier(2);
            var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> counting.invoke("{}".getBytes(StandardCharsets.UTF_8)));
            InvocationResult first = counting.invoke("{}".getBytes(StandardCharsets.UTF_8));
            assertThat(first.failed()).isFalse();
            assertThat(second.get().failed()).isFalse();
            assertThat(TestHandlers.Counting.INSTANCES.get()).isEqualTo(2);

            TestHandlers.Counting.barrier = null;
            counting.invoke("{}".getBytes(StandardCharsets.UTF_8));
            counting.invoke("{}".getBytes(StandardCharsets.UTF_8));
            assertThat(TestHandlers.Counting.INSTANCES.get()).isEqualTo(2);
        }
    }

    private static InvokeResponse invoke(String function, String payload) {
        return lambda.invoke(r -> r.functionName(function).payload(SdkBytes.fromUtf8String(payload)));
    }

    private static String fixture(String path) throws IOException {
        try (InputStream in = LambdaInvokeApiTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
