package dev.userbase.api.http;

import java.util.Map;

/**
 * An HTTP-level refusal that is not a domain failure (wrong method, a reused idempotency key):
 * mapped to a problem response by {@link Problems}, like the domain's exceptions.
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

    public static ApiProblem methodNotAllowed(String allowed) {
        return new ApiProblem(405, "method-not-allowed", "Method Not Allowed",
                "This resource does not support the method; it supports " + allowed, Map.of("Allow", allowed));
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
