package dev.userbase.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
        assertThat(status(ErrorKind.PAYLOAD_TOO_LARGE)).isEqualTo(413);
        assertThat(status(ErrorKind.UNSUPPORTED_MEDIA_TYPE)).isEqualTo(415);
        assertThat(status(ErrorKind.UNAVAILABLE)).isEqualTo(503);
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
