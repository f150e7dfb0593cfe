package dev.userbase.local.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.local.Json;
import dev.userbase.local.http.QueryString;
import dev.userbase.local.testing.LocalStackExtension;
import dev.userbase.local.testing.StackClient;

/**
 * Managed login over HTTP as a browser and an app's OIDC library use it, against the whole stack:
 * sign-up through {@code /oauth2/authorize} (PreSignUp and PostConfirmation run in cognito-local),
 * the code exchanged with PKCE, the ID token accepted by the local API, refresh, userInfo, the
 * session cookie, logout; and the refusals a client must get (wrong redirect URI, reused code,
 * wrong verifier, wrong password).
 */
class ManagedLoginIT {

    static final String CALLBACK = "http://127.0.0.1:5199/callback";
    static final String SIGNED_OUT = "http://127.0.0.1:5199/signed-out";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SIGNUP = Pattern.compile("name=\"signup\" value=\"([^\"]*)\"");
    private static final Pattern LOCAL_CODE = Pattern.compile("id=\"local-code\">([^<]+)<");

    @RegisterExtension
    static final LocalStackExtension local = LocalStackExtension.real(Duration.ofSeconds(2))
            .settings(s -> s.withAppUrls(List.of(CALLBACK), List.of(SIGNED_OUT))).warmedUp();

    /** A browser: its own cookies, redirects not followed (each hop is checked). */
    static final class Browser {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String url) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(url.startsWith("/") ? local.stack().loginUrl() + url : url)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String url, Map<String, String> form) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(url.startsWith("/") ? local.stack().loginUrl() + url : url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(form))).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    record Pkce(String verifier, String challenge) {
        static Pkce create() {
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            return new Pkce(verifier, dev.userbase.local.login.Pkce.challenge(verifier));
        }
    }

    static String authorizeUrl(Pkce pkce, String redirectUri, String state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", local.stack().userPool().clientId());
        params.put("redirect_uri", redirectUri);
        params.put("state", state);
        params.put("scope", "openid email profile");
        params.put("code_challenge", pkce.challenge());
        params.put("code_challenge_method", "S256");
        return "/oauth2/authorize?" + form(params);
    }

    /** Signs a new user up through the pages; returns the redirect to the callback. */
    static URI signUpThroughPages(Browser browser, Pkce pkce, String email, String state) throws Exception {
        HttpResponse<String> authorize = browser.get(authorizeUrl(pkce, CALLBACK, state));
        assertThat(authorize.statusCode()).isEqualTo(302);
        String login = authorize.headers().firstValue("Location").orElseThrow();
        assertThat(login).startsWith("/login?");
        String query = login.substring("/login?".length());

        HttpResponse<String> signUpPage = browser.get("/signup?" + query);
        assertThat(signUpPage.statusCode()).isEqualTo(200);
        assertThat(signUpPage.body()).contains("<label for=\"email\">Email</label>");
        HttpResponse<String> signedUp = browser.post("/signup?" + query, Map.of("_csrf", find(CSRF, signUpPage.body()),
                "email", email, "given_name", "Hana", "family_name", "Login", "password", "Passw0rd!"));
        assertThat(signedUp.statusCode()).as(signedUp.body()).isEqualTo(302);
        String confirmUrl = signedUp.headers().firstValue("Location").orElseThrow();
        assertThat(confirmUrl).startsWith("/confirm?");

        HttpResponse<String> confirmPage = browser.get(confirmUrl);
        assertThat(confirmPage.statusCode()).isEqualTo(200);
        String code = find(LOCAL_CODE, confirmPage.body());
        assertThat(code).as("the code cognito-local printed, shown in local mode")
                .isEqualTo(local.stack().confirmationCodes().latestFor(email).orElseThrow().code());

        HttpResponse<String> wrongCode = browser.post("/confirm?" + query, Map.of("_csrf", find(CSRF, confirmPage.body()),
                "username", email, "signup", find(SIGNUP, confirmPage.body()), "code", code.equals("0000") ? "1111" : "0000",
                "action", "confirm"));
        assertThat(wrongCode.statusCode()).isEqualTo(400);
        assertThat(wrongCode.body()).contains("id=\"code-error\"").contains("aria-invalid=\"true\"");

        HttpResponse<String> confirmed = browser.post("/confirm?" + query, Map.of("_csrf", find(CSRF, confirmPage.body()),
                "username", email, "signup", find(SIGNUP, confirmPage.body()), "code", code, "action", "confirm"));
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(302);
        return URI.create(confirmed.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void newUserSignsUpConfirmsAndExchangesTheCode_theApiAcceptsTheIdToken() throws Exception {
        Browser browser = new Browser();
        Pkce pkce = Pkce.create();

        URI callback = signUpThroughPages(browser, pkce, "hana@example.com", "state-1");

        assertThat(callback.toString()).startsWith(CALLBACK + "?code=");
        Map<String, String> params = QueryString.parse(callback.getRawQuery());
        assertThat(params.get("state")).isEqualTo("state-1");
        HttpResponse<String> token = browser.post("/oauth2/token", Map.of("grant_type", "authorization_code",
                "client_id", local.stack().userPool().clientId(), "code", params.get("code"), "redirect_uri", CALLBACK,
                "code_verifier", pkce.verifier()));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(token.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode tokens = Json.parse(token.body());
        assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(tokens.get("expires_in").asInt()).isPositive();
        assertThat(tokens.has("refresh_token")).isTrue();

        StackClient.Response me = local.client().api("GET", "/users/me", tokens.get("id_token").asText(), null);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().get("email").asText()).isEqualTo("hana@example.com");
        assertThat(me.json().get("givenName").asText()).isEqualTo("Hana");

        HttpResponse<String> reused = browser.post("/oauth2/token", Map.of("grant_type", "authorization_code",
                "client_id", local.stack().userPool().clientId(), "code", params.get("code"), "redirect_uri", CALLBACK,
                "code_verifier", pkce.verifier()));
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(Json.parse(reused.body()).get("error").asText()).isEqualTo("invalid_grant");

        HttpResponse<String> userInfo = browser.http.send(HttpRequest.newBuilder(URI.create(local.stack().loginUrl() + "/oauth2/userInfo"))
                .header("Authorization", "Bearer " + tokens.get("access_token").asText()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(userInfo.statusCode()).as(userInfo.body()).isEqualTo(200);
        assertThat(Json.parse(userInfo.body()).get("email").asText()).isEqualTo("hana@example.com");
        assertThat(Json.parse(userInfo.body()).get("sub").asText()).isEqualTo(me.json().get("userId").asText());
        HttpResponse<String> userInfoWithIdToken = browser.http.send(HttpRequest.newBuilder(
                        URI.create(local.stack().loginUrl() + "/oauth2/userInfo"))
                .header("Authorization", "Bearer " + tokens.get("id_token").asText()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(userInfoWithIdToken.statusCode()).isEqualTo(401);
        assertThat(userInfoWithIdToken.headers().firstValue("WWW-Authenticate")).get().asString().contains("invalid_token");

        HttpResponse<String> refreshed = browser.post("/oauth2/token", Map.of("grant_type", "refresh_token",
                "client_id", local.stack().userPool().clientId(), "refresh_token", tokens.get("refresh_token").asText()));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(Json.parse(refreshed.body()).has("refresh_token")).as("a refresh returns no new refresh token").isFalse();
        assertThat(local.client().api("GET", "/users/me", Json.parse(refreshed.body()).get("id_token").asText(), null).status())
                .isEqualTo(200);

        // the browser is signed in: authorize answers with a code at once, until logout
        Pkce again = Pkce.create();
        HttpResponse<String> silent = browser.get(authorizeUrl(again, CALLBACK, "state-2"));
        assertThat(silent.headers().firstValue("Location")).get().asString().startsWith(CALLBACK + "?code=").endsWith("&state=state-2");
        HttpResponse<String> logout = browser.get("/logout?client_id=" + local.stack().userPool().clientId() + "&logout_uri="
                + URLEncoder.encode(SIGNED_OUT, StandardCharsets.UTF_8));
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(logout.headers().firstValue("Location")).contains(SIGNED_OUT);
        assertThat(browser.get(authorizeUrl(again, CALLBACK, "state-3")).headers().firstValue("Location"))
                .get().asString().startsWith("/login?");

        String userId = me.json().get("userId").asText();
        List<JsonNode> created = StackClient.eventually(Duration.ofSeconds(20), () -> local.client().events().stream()
                        .filter(e -> e.path("detail-type").asText().equals("user.created")
                                && e.path("detail").path("userId").asText().equals(userId)).toList(),
                list -> !list.isEmpty());
        assertThat(created).hasSize(1);
    }

    @Test
    void codeExchangedWithAWrongVerifier_isInvalidGrant() throws Exception {
        Browser browser = new Browser();
        Pkce pkce = Pkce.create();
        URI callback = signUpThroughPages(browser, pkce, "ivan@example.com", "s");
        String code = QueryString.parse(callback.getRawQuery()).get("code");

        HttpResponse<String> wrong = browser.post("/oauth2/token", Map.of("grant_type", "authorization_code",
                "client_id", local.stack().userPool().clientId(), "code", code, "redirect_uri", CALLBACK,
                "code_verifier", Pkce.create().verifier()));

        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(Json.parse(wrong.body()).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(wrong.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
    }

    @Test
    void authorizeWithAnUnregisteredRedirectUri_showsTheErrorPageAndNeverRedirectsThere() throws Exception {
        Browser browser = new Browser();

        HttpResponse<String> authorize = browser.get(authorizeUrl(Pkce.create(), "http://127.0.0.1:5199/evil", "s"));

        assertThat(authorize.statusCode()).isEqualTo(302);
        String location = authorize.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/error?error=redirect_mismatch");
        HttpResponse<String> page = browser.get(location);
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("redirect_mismatch").contains("role=\"alert\"");
    }

    @Test
    void authorizeWithoutPkce_redirectsInvalidRequestToTheApp() throws Exception {
        String url = authorizeUrl(Pkce.create(), CALLBACK, "st").replaceAll("&code_challenge=[^&]+", "");

        HttpResponse<String> authorize = new Browser().get(url);

        assertThat(authorize.headers().firstValue("Location")).get().asString()
                .startsWith(CALLBACK + "?error_description=").contains("error=invalid_request").endsWith("state=st");
    }

    @Test
    void loginWithAWrongPassword_staysOnTheFormWithAnError_andAFormWithoutCsrfIsRefused() throws Exception {
        local.client().signUpConfirmed("jon@example.com", "Passw0rd!", "Jon Example");
        Browser browser = new Browser();
        String query = browser.get(authorizeUrl(Pkce.create(), CALLBACK, "s")).headers().firstValue("Location").orElseThrow()
                .substring("/login?".length());
        HttpResponse<String> page = browser.get("/login?" + query);

        HttpResponse<String> wrong = browser.post("/login?" + query, Map.of("_csrf", find(CSRF, page.body()),
                "username", "jon@example.com", "password", "wrong-password"));
        HttpResponse<String> forged = browser.post("/login?" + query, Map.of("_csrf", "forged-token-from-elsewhere",
                "username", "jon@example.com", "password", "Passw0rd!"));
        HttpResponse<String> right = browser.post("/login?" + query, Map.of("_csrf", find(CSRF, page.body()),
                "username", "jon@example.com", "password", "Passw0rd!"));

        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("Incorrect username or password.").contains("value=\"jon@example.com\"");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(right.statusCode()).isEqualTo(302);
        assertThat(right.headers().firstValue("Location")).get().asString().startsWith(CALLBACK + "?code=");
    }

    @Test
    void discovery_namesTheEndpointsAndTheTokensIssuer() throws Exception {
        HttpResponse<String> response = new Browser().get("/.well-known/openid-configuration");

        JsonNode config = Json.parse(response.body());
        assertThat(config.get("issuer").asText()).isEqualTo(local.stack().cognitoEndpoint().toString().replaceAll("/$", "")
                + "/" + local.stack().userPool().userPoolId());
        assertThat(config.get("authorization_endpoint").asText()).isEqualTo(local.stack().loginUrl() + "/oauth2/authorize");
        assertThat(config.get("token_endpoint").asText()).isEqualTo(local.stack().loginUrl() + "/oauth2/token");
        assertThat(config.get("userinfo_endpoint").asText()).isEqualTo(local.stack().loginUrl() + "/oauth2/userInfo");
        assertThat(config.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        HttpResponse<String> jwks = new Browser().get(config.get("jwks_uri").asText());
        assertThat(Json.parse(jwks.body()).get("keys").size()).isPositive();
    }

    @Test
    void tokenEndpoint_refusesWhatCognitoRefuses() throws Exception {
        Browser browser = new Browser();
        String clientId = local.stack().userPool().clientId();

        assertThat(error(browser.post("/oauth2/token", Map.of("client_id", clientId)))).isEqualTo("invalid_request");
        assertThat(error(browser.post("/oauth2/token", Map.of("grant_type", "password", "client_id", clientId))))
                .isEqualTo("unsupported_grant_type");
        assertThat(error(browser.post("/oauth2/token", Map.of("grant_type", "authorization_code", "client_id", "nobody",
                "code", "x", "redirect_uri", CALLBACK)))).isEqualTo("invalid_client");
        assertThat(error(browser.post("/oauth2/token", Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", "not-a-token")))).isEqualTo("invalid_grant");
        HttpResponse<String> json = browser.http.send(HttpRequest.newBuilder(URI.create(local.stack().loginUrl() + "/oauth2/token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(error(json)).isEqualTo("invalid_request");
    }

    private static String error(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return Json.parse(response.body()).get("error").asText();
    }

    static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
        return matcher.group(1).replace("&amp;", "&").replace("&quot;", "\"");
    }

    static String form(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }
}
