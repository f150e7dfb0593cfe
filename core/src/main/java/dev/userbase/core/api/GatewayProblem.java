package dev.userbase.core.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Every error API Gateway may answer by itself, before or instead of a function, as the problem
 * document the handlers would write ({@code dev.userbase.api.http.Problems}). One definition: the CDK
 * stack turns each into a gateway response of the deployed API, and the local stack's gateway builds
 * its own refusals (401, 404, 413, 502) from the same constants, so both answer alike. Where a function
 * refuses the same thing itself, its answer is built from the same constant too
 * ({@code dev.userbase.api.http.ApiProblem#of}).
 *
 * <p>The constants are named as API Gateway names its response types ({@code ResponseType}).
 */
public enum GatewayProblem {
    BAD_REQUEST_BODY(400, "invalid-input", "Bad Request"),
    BAD_REQUEST_PARAMETERS(400, "invalid-input", "Bad Request"),
    /** No token, or one the Cognito authorizer refuses (expired, wrong pool, wrong kind of token, missing scope). */
    UNAUTHORIZED(401, "unauthenticated", "Unauthorized", Map.of("WWW-Authenticate", "Bearer")),
    ACCESS_DENIED(403, "forbidden", "Forbidden"),
    WAF_FILTERED(403, "forbidden", "Forbidden"),
    /** API Gateway answers an unknown path, and a known path with a method it lacks, with "Missing Authentication Token". */
    MISSING_AUTHENTICATION_TOKEN(404, "not-found", "Not Found"),
    RESOURCE_NOT_FOUND(404, "not-found", "Not Found"),
    REQUEST_TOO_LARGE(413, "payload-too-large", "Content Too Large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported Media Type"),
    /** The stage's rate (1000/s, burst 2000) or the WAF's per-client limit. */
    THROTTLED(429, "throttled", "Too Many Requests", Map.of("Retry-After", "1")),
    QUOTA_EXCEEDED(429, "throttled", "Too Many Requests", Map.of("Retry-After", "1")),
    AUTHORIZER_FAILURE(500, "internal", "Internal Server Error"),
    AUTHORIZER_CONFIGURATION_ERROR(500, "internal", "Internal Server Error"),
    /** The function failed or returned something that is not a proxy response. */
    INTEGRATION_FAILURE(502, "internal", "Bad Gateway"),
    /** Past API Gateway's 29 s: the request may or may not have taken effect. */
    INTEGRATION_TIMEOUT(504, "timeout", "Gateway Timeout"),
    /** Covers several codes, which a gateway response template cannot read: no {@code status} member. */
    DEFAULT_4XX(null, "client-error", "Client Error"),
    DEFAULT_5XX(null, "internal", "Server Error");

    /** The API's problem types are URNs under this prefix: stable identifiers, not links. */
    public static final String TYPE_PREFIX = "urn:userbase:problem:";

    public static final String CONTENT_TYPE = "application/problem+json";

    private final Integer status;
    private final String slug;
    private final String title;
    private final Map<String, String> ownHeaders;
    private final Map<String, String> headers;

    GatewayProblem(Integer status, String slug, String title) {
        this(status, slug, title, Map.of());
    }

    GatewayProblem(Integer status, String slug, String title, Map<String, String> ownHeaders) {
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.ownHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(ownHeaders));
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", CONTENT_TYPE);
        // Errors are about one caller's request: no shared cache may keep them.
        all.put("Cache-Control", "no-store");
        all.putAll(ownHeaders);
        this.headers = Collections.unmodifiableMap(all);
    }

    /** API Gateway's name of the response type ({@code UNAUTHORIZED}, {@code DEFAULT_4XX}). */
    public String responseType() {
        return name();
    }

    /** The HTTP status; empty for the defaults, which keep the status API Gateway chose. */
    public OptionalInt status() {
        return status == null ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** The last part of the problem type ({@code unauthenticated}). */
    public String slug() {
        return slug;
    }

    /** The problem type: {@code urn:userbase:problem:<slug>}. */
    public String type() {
        return TYPE_PREFIX + slug;
    }

    public String title() {
        return title;
    }

    /** The response headers, in order: {@code Content-Type}, {@code Cache-Control}, then this problem's own. */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * This problem's own headers ({@code WWW-Authenticate}, {@code Retry-After}), without the two every
     * problem response carries: what the API's functions add to their own answer of the same refusal.
     */
    public Map<String, String> ownHeaders() {
        return ownHeaders;
    }

    /**
     * The problem document with a {@code detail} and the request id (API Gateway's
     * {@code $context.requestId}, also its {@code x-amzn-RequestId} header), members in the order
     * the deployed template writes them.
     */
    public Map<String, Object> document(String detail, String requestId) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("type", type());
        document.put("title", title);
        if (status != null) {
            document.put("status", status);
        }
        document.put("detail", detail);
        document.put("requestId", requestId);
        return document;
    }
}
