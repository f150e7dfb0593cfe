package dev.userbase.api.http;

import java.util.Map;
import java.util.Set;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.core.error.EmailTakenException;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.FieldError;
import dev.userbase.core.error.RateLimitedException;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.storage.Cancellation;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * The one place failures become HTTP: RFC 9457 problem details ({@code application/problem+json})
 * with {@code type}, {@code title}, {@code status}, {@code detail}, the request id, and for invalid
 * input an {@code errors} list naming each bad field. Two kinds of failure arrive here: the domain's
 * ({@link UserServiceException}, by {@link ErrorKind}) and the API's refusals of a request as HTTP
 * ({@link ApiProblem}: no valid token, body too large or unreadable, wrong media type, unknown
 * route or method). A domain exception's message is written for the caller; anything unexpected
 * becomes a 500 that carries only the request id, and its cause goes to the log.
 */
public final class Problems {

    /** Problem types are URNs: stable identifiers, not links. */
    public static final String TYPE_PREFIX = "urn:userbase:problem:";

    private static final Logger LOG = LogManager.getLogger(Problems.class);
    /** Cancellation reasons of a transaction that a retry may get past. */
    private static final Set<String> TRANSIENT_CANCELLATIONS = Set.of(
            Cancellation.TRANSACTION_CONFLICT, "ThrottlingError", "ProvisionedThroughputExceeded");

    private Problems() {
    }

    public static ApiResponse of(UserServiceException e, String requestId) {
        Status status = status(e.kind());
        String slug = e instanceof EmailTakenException ? "email-taken" : status.slug();
        ObjectNode body = body(slug, status.title(), status.code(), e.detail(), requestId);
        if (!e.fieldErrors().isEmpty()) {
            ArrayNode errors = body.putArray("errors");
            for (FieldError error : e.fieldErrors()) {
                errors.addObject().put("field", error.field()).put("message", error.message());
            }
        }
        ApiResponse response = new ApiResponse(status.code(), Map.of(), body, ApiResponse.PROBLEM_JSON);
        if (status.code() == 401) {
            response = response.withHeader("WWW-Authenticate", "Bearer");
        }
        if (e instanceof RateLimitedException limited) {
            response = response.withHeader("Retry-After", Long.toString(limited.retryAfter().toSeconds()));
        }
        if (status.code() == 503) {
            LOG.warn("{}: {} ({})", requestId, e.detail(), e.getCause() == null ? "no cause" : e.getCause().toString());
            response = response.withHeader("Retry-After", "1");
        }
        return response;
    }

    public static ApiResponse of(ApiProblem problem, String requestId) {
        return new ApiResponse(problem.status(), problem.headers(),
                body(problem.slug(), problem.title(), problem.status(), problem.detail(), requestId),
                ApiResponse.PROBLEM_JSON);
    }

    /**
     * An exception nobody expected. Throttling, unreachable dependencies and DynamoDB transaction
     * conflicts become a 503 the client may retry; everything else a 500 with no detail but the
     * request id.
     */
    public static ApiResponse unexpected(RuntimeException e, String requestId) {
        if (isTransient(e)) {
            LOG.warn("{}: a dependency is throttling or unreachable", requestId, e);
            return new ApiResponse(503, Map.of("Retry-After", "1"), body("unavailable", "Service Unavailable", 503,
                    "The service is busy; please try again", requestId), ApiResponse.PROBLEM_JSON);
        }
        LOG.error("{}: request failed", requestId, e);
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("type", TYPE_PREFIX + "internal")
                .put("title", "Internal Server Error")
                .put("status", 500)
                .put("requestId", requestId);
        return new ApiResponse(500, Map.of(), body, ApiResponse.PROBLEM_JSON);
    }

    static boolean isTransient(Throwable e) {
        // DynamoDB answers these with a 400, but they say "another transaction holds the item" or
        // "throttled": the same request may succeed when retried (the SDK does not retry them itself)
        if (e instanceof TransactionConflictException) {
            return true;
        }
        if (e instanceof TransactionCanceledException cancelled && cancelled.hasCancellationReasons()
                && cancelled.cancellationReasons().stream().anyMatch(r -> TRANSIENT_CANCELLATIONS.contains(r.code()))) {
            return true;
        }
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }

    private static ObjectNode body(String slug, String title, int status, String detail, String requestId) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("type", TYPE_PREFIX + slug)
                .put("title", title)
                .put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        return body.put("requestId", requestId);
    }

    private static Status status(ErrorKind kind) {
        return switch (kind) {
            case INVALID_INPUT -> new Status(400, "invalid-input", "Bad Request");
            case UNAUTHENTICATED -> new Status(401, "unauthenticated", "Unauthorized");
            case FORBIDDEN -> new Status(403, "forbidden", "Forbidden");
            case NOT_FOUND -> new Status(404, "not-found", "Not Found");
            case CONFLICT -> new Status(409, "conflict", "Conflict");
            case PRECONDITION_FAILED -> new Status(412, "precondition-failed", "Precondition Failed");
            case TOO_LARGE -> new Status(413, "payload-too-large", "Content Too Large");
            case TOO_MANY_REQUESTS -> new Status(429, "too-many-requests", "Too Many Requests");
            case UNAVAILABLE -> new Status(503, "unavailable", "Service Unavailable");
        };
    }

    private record Status(int code, String slug, String title) {
    }
}
