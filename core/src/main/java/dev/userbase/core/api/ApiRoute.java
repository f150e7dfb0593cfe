package dev.userbase.core.api;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Every route of the REST API, once. The CDK stack builds API Gateway resources from this list,
 * the local stack dispatches with it, and a test checks the OpenAPI document against it.
 * Paths use API Gateway's template syntax ({@code {id}}).
 *
 * <p>Which Cognito token a route takes is decided here too ({@link #authorization()}), and both
 * the deployed API (the methods' OAuth scopes) and the local stack's authorizer read it. No route has
 * scopes today, so every route takes ID tokens only: the handlers read the caller's email and names
 * from the token's claims, which an access token does not carry.
 */
public enum ApiRoute {
    GET_ME("GET", "/users/me", ApiFunction.SELF, Access.SIGNED_IN),
    PUT_ME("PUT", "/users/me", ApiFunction.SELF, Access.SIGNED_IN),
    DELETE_ME("DELETE", "/users/me", ApiFunction.SELF, Access.SIGNED_IN),
    GET_CURRENT("GET", "/users/current", ApiFunction.SELF, Access.SIGNED_IN),
    PUT_CURRENT("PUT", "/users/current", ApiFunction.SELF, Access.SIGNED_IN),
    DELETE_CURRENT("DELETE", "/users/current", ApiFunction.SELF, Access.SIGNED_IN),
    GET_MY_PREFERENCES("GET", "/users/me/preferences", ApiFunction.SELF, Access.SIGNED_IN),
    PUT_MY_PREFERENCES("PUT", "/users/me/preferences", ApiFunction.SELF, Access.SIGNED_IN),
    REQUEST_EMAIL_CHANGE("POST", "/users/me/email-change", ApiFunction.SELF, Access.SIGNED_IN),
    CONFIRM_EMAIL_CHANGE("POST", "/users/me/email-change/confirm", ApiFunction.SELF, Access.SIGNED_IN),
    EXPORT_ME("GET", "/users/me/export", ApiFunction.SELF, Access.SIGNED_IN),

    GET_MY_FOLLOWERS("GET", "/users/me/followers", ApiFunction.SOCIAL, Access.SIGNED_IN),
    GET_MY_FOLLOWING("GET", "/users/me/following", ApiFunction.SOCIAL, Access.SIGNED_IN),
    SEARCH_USERS("GET", "/users/search", ApiFunction.SOCIAL, Access.SIGNED_IN),
    GET_USER("GET", "/users/{id}", ApiFunction.SOCIAL, Access.SIGNED_IN),
    GET_FOLLOWERS("GET", "/users/{id}/followers", ApiFunction.SOCIAL, Access.SIGNED_IN),
    GET_FOLLOWING("GET", "/users/{id}/following", ApiFunction.SOCIAL, Access.SIGNED_IN),
    FOLLOW("POST", "/users/{id}/follow", ApiFunction.SOCIAL, Access.SIGNED_IN),
    UNFOLLOW("DELETE", "/users/{id}/follow", ApiFunction.SOCIAL, Access.SIGNED_IN),

    LIST_USERS("GET", "/users", ApiFunction.ADMIN, Access.ADMIN),
    CREATE_USER("POST", "/users", ApiFunction.ADMIN, Access.ADMIN),
    SET_STATUS("PUT", "/users/{id}/status", ApiFunction.ADMIN, Access.ADMIN),
    ASSIGN_ROLE("PUT", "/users/{id}/roles/{role}", ApiFunction.ADMIN, Access.ADMIN),
    REMOVE_ROLE("DELETE", "/users/{id}/roles/{role}", ApiFunction.ADMIN, Access.ADMIN),
    GET_AUDIT("GET", "/users/{id}/audit", ApiFunction.ADMIN, Access.ADMIN),
    EXPORT_USER("GET", "/users/{id}/export", ApiFunction.ADMIN, Access.ADMIN),
    ERASE_USER("POST", "/users/{id}/erase", ApiFunction.ADMIN, Access.ADMIN),
    RESTORE_USER("POST", "/users/{id}/restore", ApiFunction.ADMIN, Access.ADMIN);

    /** Who may call a route. Either way the caller must be signed in; only ACTIVE callers may change anything. */
    public enum Access {
        SIGNED_IN,
        /** Members of the Cognito group {@code admin}. */
        ADMIN
    }

    /** The kinds of Cognito user pool token, by their {@code token_use} claim. */
    public enum TokenUse {
        ID("id"),
        ACCESS("access");

        private final String claim;

        TokenUse(String claim) {
            this.claim = claim;
        }

        /** The value of the token's {@code token_use} claim. */
        public String claim() {
            return claim;
        }
    }

    private final String method;
    private final String path;
    private final ApiFunction function;
    private final Access access;
    private final Authorization authorization;

    /** @param authorizationScopes the method's OAuth scopes; none: the route takes ID tokens */
    ApiRoute(String method, String path, ApiFunction function, Access access, String... authorizationScopes) {
        this.method = method;
        this.path = path;
        this.function = function;
        this.access = access;
        this.authorization = new Authorization(List.of(authorizationScopes));
    }

    public String method() {
        return method;
    }

    /** The resource path template, as API Gateway writes it ({@code /users/{id}/follow}). */
    public String path() {
        return path;
    }

    public ApiFunction function() {
        return function;
    }

    public Access access() {
        return access;
    }

    /** The Cognito tokens the route's method takes. */
    public Authorization authorization() {
        return authorization;
    }

    /**
     * What API Gateway's Cognito user pool authorizer lets through to a method, from the method's
     * OAuth scopes: without scopes only ID tokens (of the pool's app client); with scopes only access
     * tokens that carry at least one of them, and no ID token. Refresh tokens never (they are not
     * JWTs the authorizer can verify).
     *
     * @param scopes the method's authorization scopes ({@code AuthorizationScopes} of the CloudFormation method)
     */
    public record Authorization(List<String> scopes) {

        public Authorization {
            scopes = List.copyOf(scopes);
        }

        /** The only kind of token the method takes. */
        public TokenUse acceptedToken() {
            return scopes.isEmpty() ? TokenUse.ID : TokenUse.ACCESS;
        }

        /**
         * True if a verified token of this kind, carrying these scopes (an access token's
         * {@code scope} claim; none for an ID token), passes the authorizer.
         */
        public boolean accepts(TokenUse use, Collection<String> tokenScopes) {
            if (use != acceptedToken()) {
                return false;
            }
            return use == TokenUse.ID || tokenScopes.stream().anyMatch(scopes::contains);
        }
    }

    /** True for routes that change state (a SUSPENDED or DELETED caller may not use them). */
    public boolean isWrite() {
        return !method.equals("GET");
    }

    public static List<ApiRoute> of(ApiFunction function) {
        return Arrays.stream(values()).filter(r -> r.function == function).toList();
    }

    /** The route API Gateway would select for a resource template and method. */
    public static Optional<ApiRoute> find(String method, String resourcePath) {
        return Arrays.stream(values())
                .filter(r -> r.method.equalsIgnoreCase(method) && r.path.equals(resourcePath))
                .findFirst();
    }

    /**
     * Matches a concrete path ({@code /users/abc/follow}) the way API Gateway does: literal path
     * segments win over {@code {param}} segments at the same position.
     */
    public static Optional<ApiRoute> match(String method, String concretePath) {
        String[] actual = split(concretePath);
        ApiRoute best = null;
        int bestLiterals = -1;
        for (ApiRoute route : values()) {
            if (!route.method.equalsIgnoreCase(method)) {
                continue;
            }
            String[] template = split(route.path);
            if (template.length != actual.length) {
                continue;
            }
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < template.length && matches; i++) {
                if (isParameter(template[i])) {
                    matches = !actual[i].isEmpty();
                } else if (template[i].equals(actual[i])) {
                    literals += 1 << (template.length - i);
                } else {
                    matches = false;
                }
            }
            if (matches && literals > bestLiterals) {
                best = route;
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    /** True if some route has this concrete path under another method (so the answer is 405, not 404). */
    public static boolean pathExists(String concretePath) {
        return Arrays.stream(values()).anyMatch(r -> match(r.method, concretePath).isPresent());
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
