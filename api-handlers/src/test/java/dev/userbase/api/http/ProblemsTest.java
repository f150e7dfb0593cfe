package dev.userbase.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.userbase.core.api.GatewayProblem;
import dev.userbase.core.error.EmailTakenException;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.FieldError;
import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.error.UserServiceException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

class ProblemsTest {

    @ParameterizedTest
    @EnumSource(ErrorKind.class)
    void everyKind_isAProblemWithItsStatus(ErrorKind kind) {
        ApiResponse response = Problems.of(new UserServiceException(kind, "what happened"), "req-1");

        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.body().path("status").asInt()).isEqualTo(response.status());
        assertThat(response.body().path("type").asText()).startsWith("urn:userbase:problem:");
        assertThat(response.body().path("title").asText()).isNotBlank();
        assertThat(response.body().path("detail").asText()).isEqualTo("what happened");
        assertThat(response.body().path("requestId").asText()).isEqualTo("req-1");
        assertThat(response.status()).isBetween(400, 503);
    }

    @Test
    void kinds_mapToTheirHttpStatuses() {
        assertThat(status(ErrorKind.INVALID_INPUT)).isEqualTo(400);
        assertThat(status(ErrorKind.UNAUTHENTICATED)).isEqualTo(401);
        assertThat(status(ErrorKind.FORBIDDEN)).isEqualTo(403);
        assertThat(status(ErrorKind.NOT_FOUND)).isEqualTo(404);
        assertThat(status(ErrorKind.CONFLICT)).isEqualTo(409);
        assertThat(status(ErrorKind.PRECONDITION_FAILED)).isEqualTo(412);
        assertThat(status(ErrorKind.TOO_LARGE)).isEqualTo(413);
        assertThat(status(ErrorKind.UNAVAILABLE)).isEqualTo(503);
    }

    /** The refusals of a request as HTTP, each as the whole response a client gets. */
    @Test
    void refusals_areTheirProblemDocuments() {
        assertRefusal(ApiProblem.unauthenticated(), 401, Map.of("WWW-Authenticate", "Bearer"),
                "{\"type\":\"urn:userbase:problem:unauthenticated\",\"title\":\"Unauthorized\",\"status\":401,"
                        + "\"detail\":\"Sign in: this request carries no valid token\",\"requestId\":\"r\"}");
        assertRefusal(ApiProblem.bodyTooLarge(16 * 1024), 413, Map.of(),
                "{\"type\":\"urn:userbase:problem:payload-too-large\",\"title\":\"Content Too Large\",\"status\":413,"
                        + "\"detail\":\"The request body may be at most 16 KB\",\"requestId\":\"r\"}");
        assertRefusal(ApiProblem.unsupportedMediaType(), 415, Map.of(),
                "{\"type\":\"urn:userbase:problem:unsupported-media-type\",\"title\":\"Unsupported Media Type\","
                        + "\"status\":415,\"detail\":\"Send the body as application/json (UTF-8)\",\"requestId\":\"r\"}");
        assertRefusal(ApiProblem.unreadableBody("The request body is not valid JSON"), 400, Map.of(),
                "{\"type\":\"urn:userbase:problem:invalid-input\",\"title\":\"Bad Request\",\"status\":400,"
                        + "\"detail\":\"The request body is not valid JSON\",\"requestId\":\"r\"}");
        assertRefusal(ApiProblem.noSuchResource(), 404, Map.of(),
                "{\"type\":\"urn:userbase:problem:not-found\",\"title\":\"Not Found\",\"status\":404,"
                        + "\"detail\":\"There is no such resource\",\"requestId\":\"r\"}");
        assertRefusal(ApiProblem.methodNotAllowed("GET, PUT"), 405, Map.of("Allow", "GET, PUT"),
                "{\"type\":\"urn:userbase:problem:method-not-allowed\",\"title\":\"Method Not Allowed\",\"status\":405,"
                        + "\"detail\":\"This resource does not support the method; it supports GET, PUT\",\"requestId\":\"r\"}");
        assertRefusal(ApiProblem.requestInProgress(), 409, Map.of("Retry-After", "1"),
                "{\"type\":\"urn:userbase:problem:request-in-progress\",\"title\":\"Conflict\",\"status\":409,"
                        + "\"detail\":\"A request with this Idempotency-Key is still being processed; retry shortly\","
                        + "\"requestId\":\"r\"}");
    }

    /** A refusal the gateway also answers is its gateway problem's: status, type, title and own headers. */
    @Test
    void refusalOfAGatewayProblem_isThatProblem() {
        for (GatewayProblem problem : GatewayProblem.values()) {
            if (problem.status().isEmpty()) {
                assertThatThrownBy(() -> ApiProblem.of(problem, "d")).isInstanceOf(IllegalArgumentException.class);
                continue;
            }
            ApiResponse response = Problems.of(ApiProblem.of(problem, "d"), "r");
            assertThat(response.status()).as(problem.name()).isEqualTo(problem.status().getAsInt());
            assertThat(response.headers()).as(problem.name()).isEqualTo(problem.ownHeaders());
            assertThat(Json.MAPPER.convertValue(response.body(), Map.class)).as(problem.name())
                    .isEqualTo(problem.document("d", "r"));
        }
    }

    private static void assertRefusal(ApiProblem refusal, int status, Map<String, String> headers, String body) {
        ApiResponse response = Problems.of(refusal, "r");
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers()).isEqualTo(headers);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.body().toString()).isEqualTo(body);
    }

    @Test
    void invalidInput_listsFieldErrors() {
        ApiResponse response = Problems.of(new InvalidInputException("2 bad", List.of(
                new FieldError("avatarUrl", "must be https"), new FieldError("givenName", "too long"))), "r");
        assertThat(response.body().path("errors")).hasSize(2);
        assertThat(response.body().path("errors").get(0).path("field").asText()).isEqualTo("avatarUrl");
        assertThat(response.body().path("errors").get(1).path("message").asText()).isEqualTo("too long");
    }

    @Test
    void emailTaken_hasItsOwnType() {
        assertThat(Problems.of(new EmailTakenException(), "r").body().path("type").asText())
                .isEqualTo("urn:userbase:problem:email-taken");
    }

    @Test
    void unexpected_isA500WithOnlyTheRequestId() {
        ApiResponse response = Problems.unexpected(new IllegalStateException("secret internal detail at Foo.java:42"), "req-9");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body().toString()).doesNotContain("secret").doesNotContain("Foo");
        assertThat(response.body().has("detail")).isFalse();
        assertThat(response.body().path("requestId").asText()).isEqualTo("req-9");
    }

    @Test
    void throttlingAndUnreachableDependencies_are503() {
        RuntimeException throttled = ProvisionedThroughputExceededException.builder().message("slow down").statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build()).build();
        RuntimeException serverError = DynamoDbException.builder().statusCode(500).message("oops").build();
        RuntimeException network = SdkClientException.create("connection reset");
        for (RuntimeException e : List.of(throttled, serverError, network)) {
            ApiResponse response = Problems.unexpected(e, "r");
            assertThat(response.status()).as(e.toString()).isEqualTo(503);
            assertThat(response.headers()).containsEntry("Retry-After", "1");
        }
        assertThat(Problems.unexpected(DynamoDbException.builder().statusCode(400).message("bad").build(), "r").status())
                .isEqualTo(500);
    }

    @Test
    void transactionConflicts_are503_otherCancellationsStay500() {
        RuntimeException conflict = TransactionConflictException.builder().message("Transaction is ongoing for the item")
                .statusCode(400).build();
        RuntimeException cancelledByConflict = cancelled("None", "TransactionConflict");
        RuntimeException cancelledByThrottling = cancelled("ThrottlingError");
        for (RuntimeException e : List.of(conflict, cancelledByConflict, cancelledByThrottling)) {
            ApiResponse response = Problems.unexpected(e, "r");
            assertThat(response.status()).as(e.toString()).isEqualTo(503);
            assertThat(response.headers()).containsEntry("Retry-After", "1");
        }
        assertThat(Problems.unexpected(cancelled("ConditionalCheckFailed", "None"), "r").status()).isEqualTo(500);
    }

    private static TransactionCanceledException cancelled(String... codes) {
        return TransactionCanceledException.builder().statusCode(400).message("Transaction cancelled")
                .cancellationReasons(java.util.Arrays.stream(codes)
                        .map(code -> CancellationReason.builder().code(code).build()).toList())
                .build();
    }

    private static int status(ErrorKind kind) {
        return Problems.of(new UserServiceException(kind, "x"), "r").status();
    }
}
