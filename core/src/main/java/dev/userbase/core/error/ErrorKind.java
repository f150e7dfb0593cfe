package dev.userbase.core.error;

/**
 * The kinds of failure the domain reports. Handlers translate a kind once (the API to an HTTP
 * problem, a trigger to a Cognito error message); services never know about HTTP.
 */
public enum ErrorKind {
    INVALID_INPUT,
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    PRECONDITION_FAILED,
    PAYLOAD_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    /** The caller asked too often; {@link RateLimitedException} says when they may ask again. */
    TOO_MANY_REQUESTS,
    /** A dependency (DynamoDB, Cognito) is throttling or unavailable; the caller may retry. */
    UNAVAILABLE
}
