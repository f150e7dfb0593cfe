package dev.userbase.api.http;

import java.util.Map;

import dev.userbase.core.api.GatewayProblem;

/**
 * A refusal of the request as HTTP, not a domain failure: no valid token, a body too large, not
 * JSON or not readable, an unknown resource or method, a reused idempotency key. The API layer
 * raises only this for such refusals, and {@link Problems} maps it to a problem response, as it
 * maps the domain's {@link dev.userbase.core.error.UserServiceException}s ({@link
 * dev.userbase.core.error.ErrorKind} is for domain failures only).
 *
 * <p>Where API Gateway refuses the same thing itself (401, 404, 413, 415, a 400 for the body), the
 * status, type, title and headers are its {@link GatewayProblem}'s: one definition, so a refusal
 * reads the same whether the gateway or the function answers it.
 */
public final class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String slug;
    private final String title;
    private final transient Map<String, String> headers;

    public ApiProblem(int status, String slug, String title, String detail, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    /** The refusal API Gateway would answer as {@code problem}, with this {@code detail}. */
    public static ApiProblem of(GatewayProblem problem, String detail) {
        int status = problem.status().orElseThrow(() ->
                new IllegalArgumentException(problem + " covers several statuses; a function answers one"));
        return new ApiProblem(status, problem.slug(), problem.title(), detail, problem.ownHeaders());
    }

    /** 401: the request carries no claims the API accepts (no token, or none the authorizer checked). */
    public static ApiProblem unauthenticated() {
        return of(GatewayProblem.UNAUTHORIZED, "Sign in: this request carries no valid token");
    }

    /** 413: the body is over {@code maxBytes}. */
    public static ApiProblem bodyTooLarge(int maxBytes) {
        return of(GatewayProblem.REQUEST_TOO_LARGE, "The request body may be at most " + maxBytes / 1024 + " KB");
    }

    /** 415: the body is not {@code application/json} in UTF-8. */
    public static ApiProblem unsupportedMediaType() {
        return of(GatewayProblem.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json (UTF-8)");
    }

    /** 400: there is no body where the route needs one, or it cannot be read (base64, JSON). */
    public static ApiProblem unreadableBody(String detail) {
        return of(GatewayProblem.BAD_REQUEST_BODY, detail);
    }

    /** 404: no route of the function has this path. */
    public static ApiProblem noSuchResource() {
        return of(GatewayProblem.RESOURCE_NOT_FOUND, "There is no such resource");
    }

    /** 405: the path is a route of the function, but not with this method. */
    public static ApiProblem methodNotAllowed(String allowed) {
        return new ApiProblem(405, "method-not-allowed", "Method Not Allowed",
                "This resource does not support the method; it supports " + allowed, Map.of("Allow", allowed));
    }

    /** 422: the {@code Idempotency-Key} was used for a different request. */
    public static ApiProblem idempotencyKeyReused() {
        return new ApiProblem(422, "idempotency-key-reused", "Unprocessable Content",
                "This Idempotency-Key was used for a different request", Map.of());
    }

    /** 409: a request with the same {@code Idempotency-Key} has not finished yet. */
    public static ApiProblem requestInProgress() {
        return new ApiProblem(409, "request-in-progress", "Conflict",
                "A request with this Idempotency-Key is still being processed; retry shortly",
                Map.of("Retry-After", "1"));
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }
}
