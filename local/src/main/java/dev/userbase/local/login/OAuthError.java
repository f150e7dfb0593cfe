package dev.userbase.local.login;

/**
 * An OAuth 2.0 error as Cognito's managed login reports it: the {@code error} code of RFC 6749
 * (section 4.1.2.1 on redirects, 5.2 on the token endpoint) and a description for the developer.
 */
final class OAuthError extends Exception {

    private static final long serialVersionUID = 1L;

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_GRANT = "invalid_grant";
    public static final String INVALID_SCOPE = "invalid_scope";
    public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
    public static final String REDIRECT_MISMATCH = "redirect_mismatch";
    public static final String SERVER_ERROR = "server_error";

    private final String error;

    public OAuthError(String error, String description) {
        super(description, null, false, false);
        this.error = error;
    }

    /** The RFC 6749 error code. */
    public String error() {
        return error;
    }

    public String description() {
        return getMessage();
    }
}
