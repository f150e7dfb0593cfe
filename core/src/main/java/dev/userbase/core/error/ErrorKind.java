package dev.userbase.core.error;

/**
 * The kinds of failure the domain reports. Handlers translate a kind once (the API to an HTTP
 * problem, a trigger to a Cognito error message); services never know about HTTP. Refusals of a
 * request as HTTP (no token, wrong media type, body over the API's limit, unknown method) are not
 * domain failures and have no kind here: the API raises and maps them itself.
 */
public enum ErrorKind {
    INVALID_INPUT,
    /** The user's credentials were refused (the UserMigration trigger's legacy password check). */
    UNAUTHENTICATED,
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    PRECONDITION_FAILED,
    /**
     * A value is larger than the domain keeps (preferences: {@code UserPreferences.MAX_BYTES} of
     * compact JSON); the API answers 413. A request body over the API's limit is refused before
     * any service runs, as HTTP, not as this kind.
     */
    TOO_LARGE,
    /** The caller asked too often; {@link RateLimitedException} says when they may ask again. */
    TOO_MANY_REQUESTS,
    /** A dependency (DynamoDB, Cognito) is throttling or unavailable; the caller may retry. */
    UNAVAILABLE
}
