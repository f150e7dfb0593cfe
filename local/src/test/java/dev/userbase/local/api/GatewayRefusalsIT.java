package dev.userbase.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.ParseException;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;

import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.api.GatewayProblem;
import dev.userbase.local.Json;
import dev.userbase.local.http.LocalHttpServer;
import dev.userbase.local.testing.GatewayAnswers;
import dev.userbase.local.testing.LocalStackExtension;
import dev.userbase.local.testing.RawHttp;
import dev.userbase.local.testing.StackClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;

/**
 * The local gateway refuses what the deployed API Gateway refuses, with the same answers, using the
 * tokens cognito-local really issues: on every route an access token and a refresh token are refused
 * (no route has OAuth scopes, so API Gateway's Cognito authorizer takes only ID tokens) while the ID
 * token passes; and every kind of refusal on every route is the deployed gateway response of its
 * {@link GatewayProblem}, valid against the {@code Problem} schema of {@code docs/openapi.yaml}.
 * (502, a failed function, needs a failing handler: {@code RestApiGatewayTest} walks it.)
 */
class GatewayRefusalsIT {

    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final List<String> METHODS = List.of("GET", "PUT", "POST", "DELETE", "PATCH");

    @RegisterExtension
    static final LocalStackExtension local = LocalStackExtension.real(WINDOW);

    private static String userId;
    private static AuthenticationResultType tokens;

    @BeforeAll
    static void signUp() {
        userId = local.client().signUpConfirmed("hal@example.com", "Passw0rd!", "Hal Example");
        tokens = local.client().authenticate("hal@example.com", "Passw0rd!");
    }

    @Test
    void cognitoLocalsTokens_areTheKindsTheAuthorizerTellsApart() throws Exception {
        assertThat(claim(tokens.idToken(), "token_use")).isEqualTo("id");
        assertThat(claim(tokens.accessToken(), "token_use")).isEqualTo("access");
        assertThat(claim(tokens.accessToken(), "scope")).isEqualTo("aws.cognito.signin.user.admin");
        // cognito-local's refresh token is a JWT signed with the pool's key too, but of no token_use
        assertThat(claim(tokens.refreshToken(), "token_use")).isNull();
        assertThat(claim(tokens.refreshToken(), "iss")).isEqualTo(claim(tokens.idToken(), "iss"));
    }

    @Test
    void accessTokenAndRefreshToken_areRefusedOnEveryRoute_theIdTokenPasses() {
        for (ApiRoute route : routesDeletesLast()) {
            assertThat(route.authorization().scopes()).as(route.name()).isEmpty();
            String path = concretePath(route);
            for (Map.Entry<String, String> token : Map.of(
                    "access token", tokens.accessToken(), "refresh token", tokens.refreshToken()).entrySet()) {
                StackClient.Response refused = local.client().api(route.method(), path, token.getValue(), null);
                JsonNode problem = assertGatewayProblem(GatewayProblem.UNAUTHORIZED, refused,
                        route.name() + " with the " + token.getKey());
                assertThat(problem.get("detail").asText()).as(route.name())
                        .contains(token.getKey().equals("access token") ? "send the ID token" : "refresh token");
            }
            // The ID token reaches the function (which answers with X-Request-Id; the gateway does not),
            // whatever the function then makes of the request.
            StackClient.Response passed = local.client().api(route.method(), path, tokens.idToken(), null);
            assertThat(passed.status()).as(route.name() + " with the ID token: " + passed.body()).isNotEqualTo(401);
            assertThat(passed.headers().firstValue("X-Request-Id")).as(route.name() + " reached its function").isPresent();
        }
    }

    @Test
    void everyRefusalKind_onEveryRoute_isTheDeployedGatewayResponse_validAgainstTheOpenApiProblemSchema() throws Exception {
        String forged = forge(tokens.idToken());
        String tooLarge = "a".repeat(LocalHttpServer.MAX_BODY_BYTES + 1);
        Set<GatewayProblem> seen = EnumSet.noneOf(GatewayProblem.class);
        Set<String> largeBodyMethods = new java.util.HashSet<>();
        int answers = 0;
        for (ApiRoute route : ApiRoute.values()) {
            String path = concretePath(route);
            Map<String, String> badTokens = new java.util.LinkedHashMap<>();
            badTokens.put("no token", null);
            badTokens.put("not a JWT", "not.a.jwt");
            badTokens.put("forged ID token", forged);
            badTokens.put("access token", tokens.accessToken());
            badTokens.put("refresh token", tokens.refreshToken());
            for (Map.Entry<String, String> bad : badTokens.entrySet()) {
                assertGatewayProblem(GatewayProblem.UNAUTHORIZED, local.client().api(route.method(), path, bad.getValue(), null),
                        route.name() + ", " + bad.getKey());
                seen.add(GatewayProblem.UNAUTHORIZED);
                answers++;
            }
            for (String method : METHODS) {
                if (ApiRoute.match(method, path).isEmpty()) {
                    assertGatewayProblem(GatewayProblem.MISSING_AUTHENTICATION_TOKEN,
                            local.client().api(method, path, tokens.idToken(), null), method + " " + path);
                    seen.add(GatewayProblem.MISSING_AUTHENTICATION_TOKEN);
                    answers++;
                }
            }
            // The size check comes before the route's authorizer and is the same for every route: one
            // route per method is enough (10 MB bodies are what makes this test slow).
            if (largeBodyMethods.add(route.method())) {
                assertGatewayProblem(GatewayProblem.REQUEST_TOO_LARGE,
                        local.client().api(route.method(), path, tokens.idToken(), tooLarge), route.name() + ", 10 MB + 1");
                seen.add(GatewayProblem.REQUEST_TOO_LARGE);
                answers++;
            }
        }
        for (String unknown : List.of("/", "/nothing", "/users/" + userId + "/unknown", "/users//followers", "/users/me/x/y/z")) {
            assertGatewayProblem(GatewayProblem.MISSING_AUTHENTICATION_TOKEN, local.client().api("GET", unknown, tokens.idToken(), null),
                    "GET " + unknown);
            answers++;
        }
        assertThat(seen).containsExactlyInAnyOrder(GatewayProblem.UNAUTHORIZED,
                GatewayProblem.MISSING_AUTHENTICATION_TOKEN, GatewayProblem.REQUEST_TOO_LARGE);
        assertThat(largeBodyMethods).containsExactlyInAnyOrder("GET", "PUT", "POST", "DELETE");
        assertThat(answers).isGreaterThan(ApiRoute.values().length * 6);
    }

    @Test
    void bodyOverTenMegabytes_sentAsCurlSendsAFile_getsThe413WithItsDocument() throws Exception {
        // curl --data-binary @11MB.json: Expect: 100-continue, then the whole body, whatever the server answers.
        long size = LocalHttpServer.MAX_BODY_BYTES + 1024 * 1024L;
        // one route per method, as above: the size check comes before the route's authorizer
        Map<String, ApiRoute> oneRoutePerMethod = new java.util.LinkedHashMap<>();
        Stream.of(ApiRoute.values()).forEach(r -> oneRoutePerMethod.putIfAbsent(r.method(), r));
        for (ApiRoute route : oneRoutePerMethod.values()) {
            RawHttp.Response response = RawHttp.send(local.stack().apiUrl(), route.method(), concretePath(route),
                    Map.of("Authorization", "Bearer " + tokens.idToken(), "Content-Type", "application/json",
                            "Content-Length", Long.toString(size), "Expect", "100-continue"), size);
            GatewayAnswers.assertGatewayProblem(GatewayProblem.REQUEST_TOO_LARGE, response.status(), response.headers(),
                    response.body(), route.name() + ", 11 MB announced");
        }
    }

    @Test
    void leadingDoubleSlash_isRoutedAsApiGatewayRoutesIt_andNamedAsReceived() throws Exception {
        RawHttp.Response me = RawHttp.send(local.stack().apiUrl(), "GET", "//users/me",
                Map.of("Authorization", "Bearer " + tokens.idToken()));
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.headers().firstValue("X-Request-Id")).as("reached its function").isPresent();
        assertThat(Json.parse(me.body()).get("userId").asText()).isEqualTo(userId);

        RawHttp.Response noToken = RawHttp.send(local.stack().apiUrl(), "GET", "//users/me", Map.of());
        GatewayAnswers.assertGatewayProblem(GatewayProblem.UNAUTHORIZED, noToken.status(), noToken.headers(),
                noToken.body(), "//users/me without a token");

        RawHttp.Response unknown = RawHttp.send(local.stack().apiUrl(), "GET", "//me/x",
                Map.of("Authorization", "Bearer " + tokens.idToken()));
        JsonNode problem = GatewayAnswers.assertGatewayProblem(GatewayProblem.MISSING_AUTHENTICATION_TOKEN,
                unknown.status(), unknown.headers(), unknown.body(), "//me/x");
        assertThat(problem.get("detail").asText()).endsWith("no resource at //me/x");
    }

    private static JsonNode assertGatewayProblem(GatewayProblem problem, StackClient.Response response, String description) {
        return GatewayAnswers.assertGatewayProblem(problem, response.status(), response.headers(), response.body(),
                description);
    }

    /** The route's path with the caller's id and a role: requests that would do something real if they got through. */
    private static String concretePath(ApiRoute route) {
        return route.path().replace("{id}", userId).replace("{role}", "editor");
    }

    /** Deleting the caller last, so the other routes see a user who still exists. */
    private static List<ApiRoute> routesDeletesLast() {
        return Stream.of(ApiRoute.values())
                .sorted(Comparator.comparing((ApiRoute r) -> r == ApiRoute.DELETE_ME || r == ApiRoute.DELETE_CURRENT))
                .toList();
    }

    /** The same claims and header, signed with a key of no pool. */
    private static String forge(String token) throws ParseException, JOSEException {
        SignedJWT original = SignedJWT.parse(token);
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(original.getHeader()).build(), original.getJWTClaimsSet());
        forged.sign(new RSASSASigner(new RSAKeyGenerator(2048).keyID(original.getHeader().getKeyID()).generate()));
        return forged.serialize();
    }

    private static Object claim(String token, String name) throws ParseException {
        return SignedJWT.parse(token).getJWTClaimsSet().getClaim(name);
    }
}
