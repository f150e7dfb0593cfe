package dev.userbase.local.login;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * The app client managed login signs users in to: a public client (no secret) allowed the
 * authorization-code grant, with its callback and sign-out URLs (compared exactly, as Cognito does)
 * and the scopes it may ask for.
 */
public record AppClient(String clientId, List<String> callbackUrls, List<String> logoutUrls, Set<String> scopes) {

    /** The scopes of a Cognito app client with every OIDC scope and the user-pool API scope. */
    public static final Set<String> ALL_SCOPES = Set.of("openid", "email", "phone", "profile", "aws.cognito.signin.user.admin");

    public AppClient {
        callbackUrls = List.copyOf(callbackUrls);
        logoutUrls = List.copyOf(logoutUrls);
        scopes = Set.copyOf(scopes);
        for (String url : callbackUrls) {
            requireAbsolute(url, "callback");
        }
        for (String url : logoutUrls) {
            requireAbsolute(url, "sign-out");
        }
    }

    /** The origins of the callback URLs: browsers there call the token and userInfo endpoints (CORS). */
    public Set<String> origins() {
        java.util.Set<String> origins = new java.util.LinkedHashSet<>();
        for (String url : callbackUrls) {
            URI uri = URI.create(url);
            origins.add(uri.getScheme() + "://" + uri.getRawAuthority());
        }
        return origins;
    }

    private static void requireAbsolute(String url, String kind) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + kind + " URL '" + url + "' is not a URL", e);
        }
        if (!uri.isAbsolute() || uri.getRawFragment() != null || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("the " + kind + " URL '" + url
                    + "' must be absolute, with a host and without a fragment");
        }
    }
}
