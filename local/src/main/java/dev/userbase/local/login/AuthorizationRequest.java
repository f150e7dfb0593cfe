package dev.userbase.local.login;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request to {@code /oauth2/authorize}, checked in the order Cognito's managed login checks it:
 * first the client and the redirect URI, whose faults are shown on an error page (redirecting there
 * would hand the error to a site nobody registered), then everything else, whose faults go back to
 * the registered redirect URI as {@code error}, {@code error_description} and {@code state}.
 * The same parameters travel on through {@code /login}, {@code /signup} and {@code /confirm}, so each
 * of them checks the request again rather than trusting a form.
 *
 * @param scopes the requested scopes, or all of the client's when none were asked for
 * @param codeChallenge the PKCE S256 challenge (required: the local app client is public)
 */
record AuthorizationRequest(
        AppClient client,
        String redirectUri,
        Optional<String> state,
        List<String> scopes,
        String codeChallenge,
        Optional<String> nonce) {

    /** The parameters kept from one page to the next, in this order. */
    private static final List<String> PARAMETERS = List.of("client_id", "response_type", "redirect_uri", "state",
            "scope", "code_challenge", "code_challenge_method", "nonce", "identity_provider");

    /** A request that cannot go on, and where its error is shown. */
    public static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final OAuthError error;
        private final transient Optional<String> redirect;

        Refusal(OAuthError error, Optional<String> redirect) {
            super(error.description(), null, false, false);
            this.error = error;
            this.redirect = redirect;
        }

        public OAuthError error() {
            return error;
        }

        /** The redirect URI with the error parameters; empty when the error is shown on a page instead. */
        public Optional<String> redirect() {
            return redirect;
        }
    }

    /**
     * Checks {@code params} (one value per name) against the app client.
     *
     * @param client the pool's app client, or empty if {@code client_id} names none
     */
    public static AuthorizationRequest check(Map<String, String> params, java.util.function.Function<String, Optional<AppClient>> clients)
            throws Refusal {
        String clientId = params.get("client_id");
        if (blank(clientId)) {
            throw page(OAuthError.INVALID_REQUEST, "client_id is required");
        }
        AppClient client = clients.apply(clientId).orElseThrow(() ->
                page(OAuthError.INVALID_CLIENT, "no app client " + clientId + " in this user pool"));
        String redirectUri = params.get("redirect_uri");
        if (blank(redirectUri) || !client.callbackUrls().contains(redirectUri)) {
            throw page(OAuthError.REDIRECT_MISMATCH, (blank(redirectUri) ? "redirect_uri is required" :
                    "redirect_uri " + redirectUri + " is not a callback URL of the app client")
                    + "; its callback URLs are " + client.callbackUrls());
        }
        Optional<String> state = Optional.ofNullable(params.get("state"));
        String responseType = params.get("response_type");
        if (blank(responseType)) {
            throw redirect(redirectUri, state, OAuthError.INVALID_REQUEST, "response_type is required");
        }
        if (responseType.equals("token")) {
            throw redirect(redirectUri, state, OAuthError.UNAUTHORIZED_CLIENT,
                    "the app client allows the authorization code grant only (response_type=code)");
        }
        if (!responseType.equals("code")) {
            throw redirect(redirectUri, state, OAuthError.INVALID_REQUEST, "response_type must be code");
        }
        String provider = params.get("identity_provider");
        if (!blank(provider) && !provider.equals("COGNITO")) {
            throw redirect(redirectUri, state, OAuthError.INVALID_REQUEST,
                    "identity provider " + provider + " is not configured; the local pool signs in with COGNITO only");
        }
        List<String> scopes = scopes(params.get("scope"), client, redirectUri, state);
        String method = params.get("code_challenge_method");
        String challenge = params.get("code_challenge");
        if (blank(challenge)) {
            throw redirect(redirectUri, state, OAuthError.INVALID_REQUEST,
                    "code_challenge is required: the app client is public and must use PKCE (S256)");
        }
        if (blank(method)) {
            throw redirect(redirectUri, state, OAuthError.INVALID_REQUEST,
                    "code_challenge_method is required with code_challenge");
        }
        if (!method.equals(Pkce.S256)) {
            throw redirect(redirectUri, state, OAuthError.INVALID_REQUEST, "code_challenge_method must be S256");
        }
        if (!Pkce.isWellFormedChallenge(challenge)) {
            throw redirect(redirectUri, state, OAuthError.INVALID_REQUEST,
                    "code_challenge must be the 43-character base64url SHA-256 of the code_verifier");
        }
        return new AuthorizationRequest(client, redirectUri, state, scopes, challenge,
                Optional.ofNullable(params.get("nonce")).filter(n -> !n.isEmpty()));
    }

    private static List<String> scopes(String raw, AppClient client, String redirectUri, Optional<String> state)
            throws Refusal {
        if (blank(raw)) {
            return client.scopes().stream().sorted().toList();
        }
        List<String> scopes = new ArrayList<>(new java.util.LinkedHashSet<>(Arrays.asList(raw.trim().split("[ +]+"))));
        for (String scope : scopes) {
            if (!client.scopes().contains(scope)) {
                throw redirect(redirectUri, state, OAuthError.INVALID_SCOPE, "scope " + scope + " is not allowed for the app client");
            }
        }
        if (!scopes.contains("openid") && scopes.stream().anyMatch(s -> List.of("email", "phone", "profile").contains(s))) {
            throw redirect(redirectUri, state, OAuthError.INVALID_SCOPE, "email, phone and profile need the openid scope");
        }
        return List.copyOf(scopes);
    }

    /** The request's parameters, for the next page's links and forms. */
    public String query() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("client_id", client.clientId());
        params.put("response_type", "code");
        params.put("redirect_uri", redirectUri);
        state.ifPresent(s -> params.put("state", s));
        params.put("scope", String.join(" ", scopes));
        params.put("code_challenge", codeChallenge);
        params.put("code_challenge_method", Pkce.S256);
        nonce.ifPresent(n -> params.put("nonce", n));
        return encode(params);
    }

    /** Only the authorize parameters of a query (a form may carry others). */
    public static Map<String, String> authorizeParameters(Map<String, String> params) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : PARAMETERS) {
            if (params.containsKey(name)) {
                kept.put(name, params.get(name));
            }
        }
        return kept;
    }

    /** Where the browser goes with a code. */
    public String redirectWithCode(String code) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        state.ifPresent(s -> params.put("state", s));
        return append(redirectUri, params);
    }

    static Refusal page(String error, String description) {
        return new Refusal(new OAuthError(error, description), Optional.empty());
    }

    private static Refusal redirect(String redirectUri, Optional<String> state, String error, String description) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error_description", description);
        params.put("error", error);
        state.ifPresent(s -> params.put("state", s));
        return new Refusal(new OAuthError(error, description), Optional.of(append(redirectUri, params)));
    }

    static String append(String uri, Map<String, String> params) {
        return uri + (uri.contains("?") ? "&" : "?") + encode(params);
    }

    static String encode(Map<String, String> params) {
        StringBuilder query = new StringBuilder();
        params.forEach((name, value) -> {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return query.toString();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
