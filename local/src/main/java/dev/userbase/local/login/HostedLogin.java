package dev.userbase.local.login;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.userbase.core.api.ApiRoute;
import dev.userbase.local.Json;
import dev.userbase.local.api.CognitoAuthorizer;
import dev.userbase.local.cognito.ConfirmationCodes;
import dev.userbase.local.http.LocalHttpServer;
import dev.userbase.local.http.QueryString;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExpiredCodeException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/**
 * Managed login for the local user pool, on its own port as a user pool domain is: the endpoints of
 * Cognito's hosted sign-in ({@code /oauth2/authorize}, {@code /login}, {@code /signup}, {@code /confirm},
 * {@code /forgotPassword}, {@code /confirmForgotPassword}, {@code /oauth2/token}, {@code /oauth2/userInfo},
 * {@code /logout}, {@code /.well-known/openid-configuration}). Every user action is a call of the
 * Cognito API on cognito-local (SignUp, ConfirmSignUp, InitiateAuth, ForgotPassword, ...), so the
 * pool's triggers run exactly as when an app calls the API itself, and the tokens handed out are the
 * ones cognito-local issued, which the local API's authorizer accepts.
 *
 * <p>A browser that signed in keeps a session cookie ({@code cognito}, one hour): a later
 * {@code /oauth2/authorize} signs it in again without the form (with fresh tokens from its refresh
 * token), until {@code /logout}. Forms carry a CSRF token that must match the {@code XSRF-TOKEN} cookie.
 */
public final class HostedLogin implements HttpHandler {

    private static final Logger LOG = LogManager.getLogger(HostedLogin.class);
    static final String SESSION_COOKIE = "cognito";
    static final String CSRF_COOKIE = "XSRF-TOKEN";
    static final Duration SESSION_LIFETIME = Duration.ofHours(1);
    static final Duration SIGNUP_LIFETIME = Duration.ofMinutes(15);
    /** How long a page waits for cognito-local's console to print a code it just sent. */
    private static final Duration CODE_WAIT = Duration.ofSeconds(5);
    private static final ApiRoute.Authorization USER_INFO =
            new ApiRoute.Authorization(List.of("openid", "aws.cognito.signin.user.admin"));

    private final CognitoIdentityProviderClient cognito;
    private final AppClient client;
    private final ConfirmationCodes deliveries;
    private final CognitoAuthorizer accessTokens;
    private final AuthorizationCodes codes;
    private final String issuer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, PendingSignUp> signUps = new ConcurrentHashMap<>();
    private volatile String baseUrl = "";

    /** A browser that signed in. */
    private record Session(String username, String refreshToken, Instant expiresAt) {
    }

    /** A sign-up waiting for its code: the password is kept (in memory only) to sign the user in after confirming. */
    private record PendingSignUp(String username, String password, Instant expiresAt) {
    }

    /**
     * @param cognito a client of cognito-local
     * @param accessTokens verifies access tokens for {@code /oauth2/userInfo}
     * @param issuer the {@code iss} of cognito-local's tokens, for discovery
     */
    public HostedLogin(CognitoIdentityProviderClient cognito, AppClient client, ConfirmationCodes deliveries,
                       CognitoAuthorizer accessTokens, String issuer, Clock clock) {
        this.cognito = cognito;
        this.client = client;
        this.deliveries = deliveries;
        this.accessTokens = accessTokens;
        this.issuer = issuer;
        this.clock = clock;
        this.codes = new AuthorizationCodes(clock);
    }

    /** Where this server is reached (for discovery's endpoint URLs); set once it is bound. */
    public HostedLogin at(String url) {
        this.baseUrl = url.replaceAll("/$", "");
        return this;
    }

    public AppClient client() {
        return client;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        try {
            switch (path) {
                case "/oauth2/authorize" -> onlyGet(exchange, method, this::authorize);
                case "/login" -> page(exchange, method, this::showLogin, this::submitLogin);
                case "/signup" -> page(exchange, method, this::showSignUp, this::submitSignUp);
                case "/confirm" -> page(exchange, method, this::showConfirm, this::submitConfirm);
                case "/forgotPassword" -> page(exchange, method, this::showForgotPassword, this::submitForgotPassword);
                case "/confirmForgotPassword" -> page(exchange, method, this::showConfirmForgotPassword,
                        this::submitConfirmForgotPassword);
                case "/oauth2/token" -> token(exchange, method);
                case "/oauth2/userInfo" -> userInfo(exchange, method);
                case "/logout" -> onlyGet(exchange, method, this::logout);
                case "/.well-known/openid-configuration" -> onlyGet(exchange, method, this::discovery);
                case "/error" -> onlyGet(exchange, method, this::errorPage);
                case "/_local/health" -> LocalHttpServer.sendJson(exchange, 200, Json.object().put("ok", true));
                default -> html(exchange, 404, LoginPages.notFound());
            }
        } catch (AuthorizationRequest.Refusal refusal) {
            refuse(exchange, refusal);
        } catch (LocalHttpServer.BodyTooLargeException e) {
            html(exchange, 413, LoginPages.error("invalid_request", "the form is too large"));
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            // cognito-local did not answer (stopped, or busy past the SDK's timeouts): not the user's fault
            LOG.warn("{} {}: cognito-local did not answer: {}", method, path, e.getMessage());
            if (exchange.getResponseCode() == -1) {
                if (path.startsWith("/oauth2/token") || path.startsWith("/oauth2/userInfo")) {
                    LocalHttpServer.sendJson(exchange, 503, Json.object().put("error", OAuthError.SERVER_ERROR)
                            .put("error_description", "cognito-local did not answer; try again"));
                } else {
                    html(exchange, 503, LoginPages.error(OAuthError.SERVER_ERROR, "cognito-local did not answer; try again"));
                }
            }
        }
    }

    // ---------------------------------------------------------------- /oauth2/authorize

    private void authorize(HttpExchange exchange) throws IOException, AuthorizationRequest.Refusal {
        Map<String, String> params = query(exchange);
        AuthorizationRequest request = check(params);
        Optional<Session> session = session(exchange);
        if (session.isPresent() && !"login".equals(params.get("prompt"))) {
            // Signed in already: new tokens from the session's refresh token, no form.
            try {
                Tokens tokens = refresh(session.get().refreshToken(), Optional.of(session.get().refreshToken()));
                redirect(exchange, request.redirectWithCode(codes.issue(request, tokens)));
                return;
            } catch (NotAuthorizedException e) {
                LOG.info("the session of {} ended: its refresh token was refused ({})", session.get().username(), message(e));
                endSession(exchange);
            }
        }
        redirect(exchange, "/login?" + request.query());
    }

    // ---------------------------------------------------------------- /login

    private void showLogin(HttpExchange exchange, AuthorizationRequest request, Map<String, String> form) throws IOException {
        html(exchange, 200, LoginPages.login(request.query(), csrf(exchange), LoginPages.Form.empty(), Optional.empty()));
    }

    private void submitLogin(HttpExchange exchange, AuthorizationRequest request, Map<String, String> form) throws IOException {
        String username = form.getOrDefault("username", "").trim();
        String password = form.getOrDefault("password", "");
        Map<String, String> errors = new LinkedHashMap<>();
        if (username.isEmpty()) {
            errors.put("username", "Enter your email.");
        }
        if (password.isEmpty()) {
            errors.put("password", "Enter your password.");
        }
        if (!errors.isEmpty()) {
            html(exchange, 400, LoginPages.login(request.query(), csrf(exchange),
                    new LoginPages.Form(Map.of("username", username), errors), Optional.empty()));
            return;
        }
        try {
            signInAndRedirect(exchange, request, username, password);
        } catch (UserNotConfirmedException e) {
            // as managed login does: a new code, and the confirmation page
            String signUp = pendSignUp(username, password);
            Instant since = clock.instant();
            cognito.resendConfirmationCode(r -> r.clientId(client.clientId()).username(username));
            html(exchange, 200, LoginPages.confirm(request.query(), csrf(exchange),
                    new LoginPages.Form(Map.of("username", username, "signup", signUp), Map.of()),
                    localCode(username, since), Optional.of("Your account is not confirmed yet: we sent you a new code.")));
        } catch (NotAuthorizedException | UserNotFoundException | InvalidPasswordException e) {
            // (cognito-local answers a wrong password with InvalidPasswordException; Cognito with NotAuthorized)
            html(exchange, 400, LoginPages.login(request.query(), csrf(exchange),
                    new LoginPages.Form(Map.of("username", username), Map.of("", "Incorrect username or password.")),
                    Optional.empty()));
        } catch (CognitoIdentityProviderException e) {
            html(exchange, 400, LoginPages.login(request.query(), csrf(exchange),
                    new LoginPages.Form(Map.of("username", username), Map.of("", message(e))), Optional.empty()));
        }
    }

    private void signInAndRedirect(HttpExchange exchange, AuthorizationRequest request, String username, String password)
            throws IOException {
        InitiateAuthResponse response = cognito.initiateAuth(r -> r.clientId(client.clientId())
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password)));
        if (response.authenticationResult() == null) {
            throw NotAuthorizedException.builder().message("the pool asks for " + response.challengeNameAsString()
                    + ", which this local managed login does not offer").build();
        }
        Tokens tokens = tokens(response.authenticationResult(), Optional.empty());
        String sessionId = token();
        sessions.put(sessionId, new Session(username, tokens.refreshToken().orElseThrow(),
                clock.instant().plus(SESSION_LIFETIME)));
        exchange.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=" + sessionId
                + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + SESSION_LIFETIME.toSeconds());
        redirect(exchange, request.redirectWithCode(codes.issue(request, tokens)));
    }

    // ---------------------------------------------------------------- /signup and /confirm

    private void showSignUp(HttpExchange exchange, AuthorizationRequest request, Map<String, String> form) throws IOException {
        html(exchange, 200, LoginPages.signUp(request.query(), csrf(exchange), LoginPages.Form.empty()));
    }

    private void submitSignUp(HttpExchange exchange, AuthorizationRequest request, Map<String, String> form) throws IOException {
        String email = form.getOrDefault("email", "").trim();
        String givenName = form.getOrDefault("given_name", "").trim();
        String familyName = form.getOrDefault("family_name", "").trim();
        String password = form.getOrDefault("password", "");
        Map<String, String> values = Map.of("email", email, "given_name", givenName, "family_name", familyName);
        Map<String, String> errors = new LinkedHashMap<>();
        if (email.isEmpty() || !email.contains("@")) {
            errors.put("email", "Enter an email address, like name@example.com.");
        }
        if (password.isEmpty()) {
            errors.put("password", "Enter a password.");
        }
        if (!errors.isEmpty()) {
            html(exchange, 400, LoginPages.signUp(request.query(), csrf(exchange), new LoginPages.Form(values, errors)));
            return;
        }
        Instant since = clock.instant();
        try {
            cognito.signUp(r -> r.clientId(client.clientId()).username(email).password(password)
                    .userAttributes(attribute("email", email), attribute("given_name", givenName),
                            attribute("family_name", familyName)));
        } catch (UsernameExistsException e) {
            errors.put("email", "An account with this email already exists.");
        } catch (InvalidPasswordException e) {
            errors.put("password", message(e));
        } catch (UserLambdaValidationException e) {
            // PreSignUp refused: a taken or disallowed address
            errors.put("email", message(e));
        } catch (CognitoIdentityProviderException e) {
            errors.put("", message(e));
        }
        if (!errors.isEmpty()) {
            html(exchange, 400, LoginPages.signUp(request.query(), csrf(exchange), new LoginPages.Form(values, errors)));
            return;
        }
        String signUp = pendSignUp(email, password);
        redirect(exchange, "/confirm?" + request.query() + "&" + AuthorizationRequest.encode(Map.of("username", email))
                + "&" + AuthorizationRequest.encode(Map.of("signup", signUp)) + "&since=" + since.toEpochMilli());
    }

    private void showConfirm(HttpExchange exchange, AuthorizationRequest request, Map<String, String> form) throws IOException {
        Map<String, String> params = query(exchange);
        String username = params.getOrDefault("username", "");
        Instant since = since(params);
        html(exchange, 200, LoginPages.confirm(request.query(), csrf(exchange),
                new LoginPages.Form(Map.of("username", username, "signup", params.getOrDefault("signup", "")), Map.of()),
                username.isEmpty() ? Optional.empty() : localCode(username, since), Optional.empty()));
    }

    /** When the code the page shows was sent at the earliest: the {@code since} a redirect carries (else any code). */
    private static Instant since(Map<String, String> params) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(params.getOrDefault("since", "0")));
        } catch (NumberFormatException e) {
            // show the latest code
            return Instant.EPOCH;
        }
    }

    private void submitConfirm(HttpExchange exchange, AuthorizationRequest request, Map<String, String> form) throws IOException {
        String username = form.getOrDefault("username", "").trim();
        String code = form.getOrDefault("code", "").trim();
        String signUp = form.getOrDefault("signup", "");
        Map<String, String> values = Map.of("username", username, "signup", signUp);
        if ("resend".equals(form.get("action"))) {
            Instant since = clock.instant();
            try {
                cognito.resendConfirmationCode(r -> r.clientId(client.clientId()).username(username));
                html(exchange, 200, LoginPages.confirm(request.query(), csrf(exchange), new LoginPages.Form(values, Map.of()),
                        localCode(username, since), Optional.of("We sent a new code.")));
            } catch (CognitoIdentityProviderException e) {
                html(exchange, 400, LoginPages.confirm(request.query(), csrf(exchange),
                        new LoginPages.Form(values, Map.of("", message(e))), Optional.empty(), Optional.empty()));
            }
            return;
        }
        if (code.isEmpty()) {
            html(exchange, 400, LoginPages.confirm(request.query(), csrf(exchange),
                    new LoginPages.Form(values, Map.of("code", "Enter the code we sent you.")),
                    localCode(username, Instant.EPOCH), Optional.empty()));
            return;
        }
        try {
            cognito.confirmSignUp(r -> r.clientId(client.clientId()).username(username).confirmationCode(code));
        } catch (CodeMismatchException | ExpiredCodeException e) {
            html(exchange, 400, LoginPages.confirm(request.query(), csrf(exchange),
                    new LoginPages.Form(values, Map.of("code", message(e))), localCode(username, Instant.EPOCH), Optional.empty()));
            return;
        } catch (CognitoIdentityProviderException e) {
            html(exchange, 400, LoginPages.confirm(request.query(), csrf(exchange),
                    new LoginPages.Form(values, Map.of("", message(e))), Optional.empty(), Optional.empty()));
            return;
        }
        // Confirmed (PostConfirmation ran). Managed login then signs the new user in.
        PendingSignUp pending = signUps.remove(signUp);
        if (pending != null && pending.username().equalsIgnoreCase(username) && clock.instant().isBefore(pending.expiresAt())) {
            try {
                signInAndRedirect(exchange, request, pending.username(), pending.password());
                return;
            } catch (CognitoIdentityProviderException e) {
                LOG.info("signing {} in after confirming failed: {}", username, message(e));
            }
        }
        html(exchange, 200, LoginPages.login(request.query(), csrf(exchange),
                new LoginPages.Form(Map.of("username", username), Map.of()),
                Optional.of("Your account is confirmed. Sign in to continue.")));
    }

    // ---------------------------------------------------------------- /forgotPassword

    private void showForgotPassword(HttpExchange exchange, AuthorizationRequest request, Map<String, String> form) throws IOException {
        html(exchange, 200, LoginPages.forgotPassword(request.query(), csrf(exchange), LoginPages.Form.empty()));
    }

    private void submitForgotPassword(HttpExchange exchange, AuthorizationRequest request, Map<String, String> form) throws IOException {
        String username = form.getOrDefault("username", "").trim();
        if (username.isEmpty()) {
            html(exchange, 400, LoginPages.forgotPassword(request.query(), csrf(exchange),
                    new LoginPages.Form(Map.of(), Map.of("username", "Enter your email."))));
            return;
        }
        Instant since = clock.instant();
        try {
            cognito.forgotPassword(r -> r.clientId(client.clientId()).username(username));
        } catch (UserNotFoundException e) {
            // no hint whether the account exists: the next page looks the same
            LOG.info("forgotPassword: no user {} ({})", username, message(e));
        } catch (CognitoIdentityProviderException e) {
            html(exchange, 400, LoginPages.forgotPassword(request.query(), csrf(exchange),
                    new LoginPages.Form(Map.of("username", username), Map.of("username", message(e)))));
            return;
        }
        redirect(exchange, "/confirmForgotPassword?" + request.query() + "&"
                + AuthorizationRequest.encode(Map.of("username", username)) + "&since=" + since.toEpochMilli());
    }

    private void showConfirmForgotPassword(HttpExchange exchange, AuthorizationRequest request, Map<String, String> form)
            throws IOException {
        Map<String, String> params = query(exchange);
        String username = params.getOrDefault("username", "");
        Instant since = since(params);
        html(exchange, 200, LoginPages.confirmForgotPassword(request.query(), csrf(exchange),
                new LoginPages.Form(Map.of("username", username), Map.of()),
                username.isEmpty() ? Optional.empty() : localCode(username, since)));
    }

    private void submitConfirmForgotPassword(HttpExchange exchange, AuthorizationRequest request, Map<String, String> form)
            throws IOException {
        String username = form.getOrDefault("username", "").trim();
        String code = form.getOrDefault("code", "").trim();
        String password = form.getOrDefault("password", "");
        Map<String, String> values = Map.of("username", username);
        Map<String, String> errors = new LinkedHashMap<>();
        if (code.isEmpty()) {
            errors.put("code", "Enter the code we sent you.");
        }
        if (password.isEmpty()) {
            errors.put("password", "Enter a new password.");
        }
        if (errors.isEmpty()) {
            try {
                cognito.confirmForgotPassword(r -> r.clientId(client.clientId()).username(username)
                        .confirmationCode(code).password(password));
                html(exchange, 200, LoginPages.login(request.query(), csrf(exchange),
                        new LoginPages.Form(Map.of("username", username), Map.of()),
                        Optional.of("Your password was changed. Sign in with the new one.")));
                return;
            } catch (CodeMismatchException | ExpiredCodeException e) {
                errors.put("code", message(e));
            } catch (InvalidPasswordException e) {
                errors.put("password", message(e));
            } catch (CognitoIdentityProviderException e) {
                errors.put("", message(e));
            }
        }
        html(exchange, 400, LoginPages.confirmForgotPassword(request.query(), csrf(exchange),
                new LoginPages.Form(values, errors), localCode(username, Instant.EPOCH)));
    }

    // ---------------------------------------------------------------- /oauth2/token

    private void token(HttpExchange exchange, String method) throws IOException {
        cors(exchange);
        if (method.equals("OPTIONS")) {
            preflight(exchange, "POST, OPTIONS");
            return;
        }
        if (!method.equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            tokenError(exchange, 405, new OAuthError(OAuthError.INVALID_REQUEST, "the token endpoint takes POST only"));
            return;
        }
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            tokenError(exchange, 400, new OAuthError(OAuthError.INVALID_REQUEST,
                    "Content-Type must be application/x-www-form-urlencoded"));
            return;
        }
        Map<String, String> form = QueryString.parse(new String(LocalHttpServer.body(exchange), StandardCharsets.UTF_8));
        try {
            String clientId = clientId(exchange, form);
            String grantType = form.get("grant_type");
            Tokens tokens;
            if (grantType == null || grantType.isEmpty()) {
                throw new OAuthError(OAuthError.INVALID_REQUEST, "grant_type is required");
            } else if (grantType.equals("authorization_code")) {
                if (isBlank(form.get("code"))) {
                    throw new OAuthError(OAuthError.INVALID_REQUEST, "code is required");
                }
                if (isBlank(form.get("redirect_uri"))) {
                    throw new OAuthError(OAuthError.INVALID_REQUEST, "redirect_uri is required");
                }
                tokens = codes.redeem(form.get("code"), clientId, form.get("redirect_uri"), form.get("code_verifier"));
            } else if (grantType.equals("refresh_token")) {
                String refreshToken = form.get("refresh_token");
                if (isBlank(refreshToken)) {
                    throw new OAuthError(OAuthError.INVALID_REQUEST, "refresh_token is required");
                }
                try {
                    tokens = refresh(refreshToken, Optional.empty());
                } catch (NotAuthorizedException e) {
                    throw new OAuthError(OAuthError.INVALID_GRANT, "the refresh token is not valid or has been revoked");
                }
            } else if (grantType.equals("client_credentials")) {
                throw new OAuthError(OAuthError.UNAUTHORIZED_CLIENT,
                        "the app client is public: client_credentials needs a confidential client");
            } else {
                throw new OAuthError(OAuthError.UNSUPPORTED_GRANT_TYPE, "grant_type " + grantType + " is not supported");
            }
            ObjectNode body = Json.object()
                    .put("id_token", tokens.idToken())
                    .put("access_token", tokens.accessToken());
            tokens.refreshToken().ifPresent(t -> body.put("refresh_token", t));
            body.put("expires_in", tokens.expiresIn()).put("token_type", "Bearer");
            noStore(exchange);
            LocalHttpServer.send(exchange, 200, "application/json;charset=UTF-8", Json.bytes(body));
        } catch (OAuthError e) {
            tokenError(exchange, 400, e);
        } catch (CognitoIdentityProviderException e) {
            LOG.warn("token endpoint: cognito-local answered {}", message(e));
            tokenError(exchange, 400, new OAuthError(OAuthError.INVALID_REQUEST, message(e)));
        }
    }

    /** The client: from Basic authentication or {@code client_id}; a public client has no secret to check. */
    private String clientId(HttpExchange exchange, Map<String, String> form) throws OAuthError {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String clientId = form.get("client_id");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new OAuthError(OAuthError.INVALID_CLIENT, "the Authorization header is not Basic base64(client_id:secret)");
            }
            String basicId = decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
            if (clientId != null && !clientId.equals(basicId)) {
                throw new OAuthError(OAuthError.INVALID_CLIENT, "client_id does not match the Authorization header");
            }
            if (basicId.equals(client.clientId())) {
                throw new OAuthError(OAuthError.INVALID_CLIENT, "the app client has no secret: send client_id, not Basic authentication");
            }
            clientId = basicId;
        }
        if (isBlank(clientId)) {
            throw new OAuthError(OAuthError.INVALID_REQUEST, "client_id is required");
        }
        if (!clientId.equals(client.clientId())) {
            throw new OAuthError(OAuthError.INVALID_CLIENT, "no app client " + clientId + " in this user pool");
        }
        return clientId;
    }

    private Tokens refresh(String refreshToken, Optional<String> keep) {
        InitiateAuthResponse response = cognito.initiateAuth(r -> r.clientId(client.clientId())
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", refreshToken)));
        return tokens(response.authenticationResult(), keep);
    }

    private static Tokens tokens(AuthenticationResultType result, Optional<String> refreshToken) {
        Optional<String> refresh = refreshToken.isPresent() ? refreshToken : Optional.ofNullable(result.refreshToken());
        return new Tokens(result.idToken(), result.accessToken(), refresh,
                result.expiresIn() == null ? 3600 : result.expiresIn());
    }

    private static void tokenError(HttpExchange exchange, int status, OAuthError error) throws IOException {
        noStore(exchange);
        LocalHttpServer.send(exchange, status, "application/json;charset=UTF-8", Json.bytes(Json.object()
                .put("error", error.error()).put("error_description", error.description())));
    }

    // ---------------------------------------------------------------- /oauth2/userInfo

    private void userInfo(HttpExchange exchange, String method) throws IOException {
        cors(exchange);
        if (method.equals("OPTIONS")) {
            preflight(exchange, "GET, POST, OPTIONS");
            return;
        }
        if (!method.equals("GET") && !method.equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "GET, POST");
            LocalHttpServer.sendJson(exchange, 405, Json.object().put("error", "invalid_request")
                    .put("error_description", "userInfo takes GET or POST"));
            return;
        }
        Optional<String> header = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
        if (header.isEmpty()) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            LocalHttpServer.sendJson(exchange, 401, Json.object().put("error", "invalid_request")
                    .put("error_description", "an access token is required (Authorization: Bearer ...)"));
            return;
        }
        CognitoAuthorizer.Result verified = accessTokens.authorize(header, USER_INFO);
        GetUserResponse user = null;
        if (verified.isAllowed()) {
            String token = header.get().trim().replaceFirst("(?i)^Bearer\\s+", "");
            try {
                user = cognito.getUser(r -> r.accessToken(token));
            } catch (CognitoIdentityProviderException e) {
                user = null;
            }
        }
        if (user == null) {
            String description = verified.isAllowed() ? "the user is gone" : verified.refusal();
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\""
                    + description.replace("\"", "'") + "\"");
            LocalHttpServer.sendJson(exchange, 401, Json.object().put("error", "invalid_token")
                    .put("error_description", description));
            return;
        }
        ObjectNode body = Json.object();
        for (AttributeType attribute : user.userAttributes()) {
            body.put(attribute.name(), attribute.value());
        }
        body.put("username", user.username());
        noStore(exchange);
        LocalHttpServer.sendJson(exchange, 200, body);
    }

    // ---------------------------------------------------------------- /logout, discovery, errors

    private void logout(HttpExchange exchange) throws IOException, AuthorizationRequest.Refusal {
        Map<String, String> params = query(exchange);
        String clientId = params.get("client_id");
        if (isBlank(clientId) || !clientId.equals(client.clientId())) {
            throw AuthorizationRequest.page(OAuthError.INVALID_REQUEST, isBlank(clientId) ? "client_id is required"
                    : "no app client " + clientId + " in this user pool");
        }
        String logoutUri = params.get("logout_uri");
        if (!isBlank(logoutUri)) {
            if (!client.logoutUrls().contains(logoutUri)) {
                throw AuthorizationRequest.page(OAuthError.INVALID_REQUEST, "logout_uri " + logoutUri
                        + " is not a sign-out URL of the app client; its sign-out URLs are " + client.logoutUrls());
            }
            endSession(exchange);
            redirect(exchange, logoutUri);
            return;
        }
        if (!isBlank(params.get("redirect_uri")) && !isBlank(params.get("response_type"))) {
            AuthorizationRequest request = check(params);
            endSession(exchange);
            redirect(exchange, "/login?" + request.query());
            return;
        }
        throw AuthorizationRequest.page(OAuthError.INVALID_REQUEST,
                "logout needs logout_uri, or redirect_uri and response_type to sign in again");
    }

    private void discovery(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        ObjectNode body = Json.object()
                .put("issuer", issuer)
                .put("authorization_endpoint", baseUrl + "/oauth2/authorize")
                .put("token_endpoint", baseUrl + "/oauth2/token")
                .put("userinfo_endpoint", baseUrl + "/oauth2/userInfo")
                .put("jwks_uri", issuer + "/.well-known/jwks.json");
        body.putArray("response_types_supported").add("code");
        body.putArray("grant_types_supported").add("authorization_code").add("refresh_token");
        var scopes = body.putArray("scopes_supported");
        client.scopes().stream().sorted().forEach(scopes::add);
        body.putArray("subject_types_supported").add("public");
        body.putArray("id_token_signing_alg_values_supported").add("RS256");
        body.putArray("token_endpoint_auth_methods_supported").add("none");
        body.putArray("code_challenge_methods_supported").add(Pkce.S256);
        LocalHttpServer.sendJson(exchange, 200, body);
    }

    private void errorPage(HttpExchange exchange) throws IOException {
        Map<String, String> params = query(exchange);
        html(exchange, 400, LoginPages.error(params.getOrDefault("error", "invalid_request"),
                params.getOrDefault("error_description", "the sign-in request is not valid")));
    }

    private void refuse(HttpExchange exchange, AuthorizationRequest.Refusal refusal) throws IOException {
        if (refusal.redirect().isPresent()) {
            redirect(exchange, refusal.redirect().get());
        } else {
            // as Cognito does: to the domain's own error page, never to an unregistered redirect URI
            Map<String, String> params = new LinkedHashMap<>();
            params.put("error", refusal.error().error());
            params.put("error_description", refusal.error().description());
            redirect(exchange, "/error?" + AuthorizationRequest.encode(params));
        }
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface Get {
        void handle(HttpExchange exchange) throws IOException, AuthorizationRequest.Refusal;
    }

    @FunctionalInterface
    private interface FormStep {
        void handle(HttpExchange exchange, AuthorizationRequest request, Map<String, String> form) throws IOException;
    }

    private void onlyGet(HttpExchange exchange, String method, Get handler) throws IOException, AuthorizationRequest.Refusal {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            html(exchange, 405, LoginPages.error("invalid_request", "this endpoint takes GET only"));
            return;
        }
        handler.handle(exchange);
    }

    /** A page of the sign-in flow: the authorize request checked again from the query, forms CSRF-checked. */
    private void page(HttpExchange exchange, String method, FormStep show, FormStep submit)
            throws IOException, AuthorizationRequest.Refusal {
        AuthorizationRequest request = check(query(exchange));
        if (method.equals("GET") || method.equals("HEAD")) {
            show.handle(exchange, request, Map.of());
        } else if (method.equals("POST")) {
            Map<String, String> form = QueryString.parse(new String(LocalHttpServer.body(exchange), StandardCharsets.UTF_8));
            String cookie = cookie(exchange, CSRF_COOKIE).orElse("");
            if (cookie.isEmpty() || !java.security.MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8),
                    form.getOrDefault("_csrf", "").getBytes(StandardCharsets.UTF_8))) {
                html(exchange, 403, LoginPages.error("invalid_request",
                        "the form expired or came from another site: go back, reload the page and try again"));
                return;
            }
            submit.handle(exchange, request, form);
        } else {
            exchange.getResponseHeaders().set("Allow", "GET, POST");
            html(exchange, 405, LoginPages.error("invalid_request", "this page takes GET or POST"));
        }
    }

    private AuthorizationRequest check(Map<String, String> params) throws AuthorizationRequest.Refusal {
        return AuthorizationRequest.check(AuthorizationRequest.authorizeParameters(params),
                id -> id.equals(client.clientId()) ? Optional.of(client) : Optional.empty());
    }

    private Optional<Session> session(HttpExchange exchange) {
        Optional<String> id = cookie(exchange, SESSION_COOKIE);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Session session = sessions.get(id.get());
        if (session == null || !clock.instant().isBefore(session.expiresAt())) {
            sessions.remove(id.get());
            return Optional.empty();
        }
        return Optional.of(session);
    }

    private void endSession(HttpExchange exchange) {
        cookie(exchange, SESSION_COOKIE).ifPresent(sessions::remove);
        exchange.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    }

    private String pendSignUp(String username, String password) {
        Instant now = clock.instant();
        signUps.values().removeIf(p -> !now.isBefore(p.expiresAt()));
        String id = token();
        signUps.put(id, new PendingSignUp(username, password, now.plus(SIGNUP_LIFETIME)));
        return id;
    }

    /** The code cognito-local printed for the address since {@code since}: local mode shows it on the page. */
    private Optional<String> localCode(String username, Instant since) {
        try {
            return deliveries.await(username, since, CODE_WAIT).map(ConfirmationCodes.Delivery::code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The CSRF token of this browser, set as a cookie when it has none yet. */
    private String csrf(HttpExchange exchange) {
        Optional<String> existing = cookie(exchange, CSRF_COOKIE).filter(v -> v.length() >= 16);
        if (existing.isPresent()) {
            return existing.get();
        }
        String token = token();
        exchange.getResponseHeaders().add("Set-Cookie", CSRF_COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Lax");
        return token;
    }

    private static Optional<String> cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String[] pair = part.trim().split("=", 2);
                if (pair.length == 2 && pair[0].equals(name)) {
                    // RFC 6265 allows a value in double quotes (Java's CookieManager sends them so)
                    String value = pair[1].length() >= 2 && pair[1].startsWith("\"") && pair[1].endsWith("\"")
                            ? pair[1].substring(1, pair[1].length() - 1) : pair[1];
                    if (!value.isEmpty()) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private String token() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** CORS for the app's origins (its callback URLs'): browsers call the token and userInfo endpoints. */
    private void cors(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && client.origins().contains(origin)) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
            exchange.getResponseHeaders().add("Vary", "Origin");
        }
    }

    private static void preflight(HttpExchange exchange, String methods) throws IOException {
        exchange.getResponseHeaders().set("Access-Control-Allow-Methods", methods);
        exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Authorization, Content-Type");
        exchange.getResponseHeaders().set("Access-Control-Max-Age", "600");
        exchange.sendResponseHeaders(204, -1);
    }

    private static void noStore(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Pragma", "no-cache");
    }

    private static Map<String, String> query(HttpExchange exchange) {
        return QueryString.parse(exchange.getRequestURI().getRawQuery());
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(302, -1);
    }

    /**
     * A page: no scripts, no framing, and forms that post here only; {@code form-action} also names the
     * callback origins, as browsers check the redirect a form submission ends in against it.
     */
    private void html(HttpExchange exchange, int status, String page) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                + "frame-ancestors 'none'; form-action 'self' " + String.join(" ", client.origins()));
        LocalHttpServer.send(exchange, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    /** cognito-local's message for a Cognito error the user can act on (what managed login shows). */
    private static String message(CognitoIdentityProviderException e) {
        String message = e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : e.getMessage();
        return message == null || message.isBlank() ? "The request was refused (" + e.getClass().getSimpleName() + ")." : message;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
