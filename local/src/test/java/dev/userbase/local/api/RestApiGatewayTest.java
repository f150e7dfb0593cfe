package dev.userbase.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.api.GatewayProblem;
import dev.userbase.local.Json;
import dev.userbase.local.http.LocalHttpServer;
import dev.userbase.local.lambda.FunctionDefinition;
import dev.userbase.local.lambda.FunctionRegistry;
import dev.userbase.local.testing.GatewayAnswers;
import dev.userbase.local.testing.RawHttp;

/** HTTP in, the REST API proxy event the function receives, its proxy response back out as HTTP. */
class RestApiGatewayTest {

    private static final String ISSUER = "http://127.0.0.1:9229/local_pool";
    private static LocalHttpServer server;
    private static FunctionRegistry functions;
    private static String token;
    private static String accessToken;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Answers with the event it received (as its body), or as the query asks. */
    public static final class EchoApi implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
        @Override
        public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
            Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
            return switch (query.getOrDefault("answer", "echo")) {
                case "fail" -> throw new IllegalStateException("broken handler");
                case "binary" -> new APIGatewayProxyResponseEvent().withStatusCode(201)
                        .withMultiValueHeaders(Map.of("Set-Cookie", List.of("a=1", "b=2")))
                        .withHeaders(Map.of("Content-Type", "application/octet-stream"))
                        .withBody(Base64.getEncoder().encodeToString(new byte[] {1, 2, (byte) 0xff})).withIsBase64Encoded(true);
                case "malformed" -> new APIGatewayProxyResponseEvent().withBody("no status");
                default -> new APIGatewayProxyResponseEvent().withStatusCode(200)
                        .withHeaders(Map.of("Content-Type", "application/json"))
                        .withBody(Json.string(event));
            };
        }
    }

    @BeforeAll
    static void start() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k").generate();
        CognitoAuthorizer authorizer = new CognitoAuthorizer(ISSUER, "client-1",
                new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), Clock.systemUTC());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-1").audience("client-1").claim("token_use", "id")
                        .claim("cognito:groups", List.of("admin")).issueTime(new Date())
                        .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).build());
        jwt.sign(new RSASSASigner(key));
        token = jwt.serialize();
        SignedJWT access = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-1").claim("client_id", "client-1")
                        .claim("token_use", "access").claim("scope", "aws.cognito.signin.user.admin")
                        .issueTime(new Date()).expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).build());
        access.sign(new RSASSASigner(key));
        accessToken = access.serialize();
        functions = new FunctionRegistry("us-east-1", clazz -> clazz.getConstructor().newInstance(), Clock.systemUTC());
        functions.register(FunctionDefinition.of("api", EchoApi.class.getName()));
        server = LocalHttpServer.bind("127.0.0.1", 0, "api")
                .handle("/", new RestApiGateway(f -> functions.get("api"), authorizer, Clock.systemUTC(),
                        java.util.Set.of("http://localhost:5173")));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        functions.close();
    }

    @Test
    void request_becomesTheProxyEventApiGatewaySends() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/abc-1/followers?limit=5&cursor=x%2By&limit=7"))
                .header("Authorization", "Bearer " + token)
                .header("X-Trace", "one").header("X-Trace", "two")
                .GET());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode event = Json.parse(response.body());
        assertThat(event.get("resource").asText()).isEqualTo("/users/{id}/followers");
        assertThat(event.get("path").asText()).isEqualTo("/users/abc-1/followers");
        assertThat(event.get("httpMethod").asText()).isEqualTo("GET");
        assertThat(event.get("pathParameters").get("id").asText()).isEqualTo("abc-1");
        assertThat(event.get("queryStringParameters").get("limit").asText()).isEqualTo("7");
        assertThat(event.get("queryStringParameters").get("cursor").asText()).isEqualTo("x+y");
        assertThat(event.get("multiValueQueryStringParameters").get("limit")).extracting(JsonNode::asText).containsExactly("5", "7");
        assertThat(event.get("headers").get("x-trace").asText()).isEqualTo("two");
        assertThat(event.get("multiValueHeaders").get("x-trace")).extracting(JsonNode::asText).containsExactly("one", "two");
        assertThat(event.get("body").isNull()).isTrue();
        JsonNode context = event.get("requestContext");
        assertThat(context.get("resourcePath").asText()).isEqualTo("/users/{id}/followers");
        assertThat(context.get("httpMethod").asText()).isEqualTo("GET");
        assertThat(context.get("stage").asText()).isEqualTo("local");
        assertThat(context.get("requestId").asText()).isNotBlank();
        assertThat(context.get("identity").get("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(context.get("authorizer").get("claims").get("sub").asText()).isEqualTo("user-1");
        assertThat(context.get("authorizer").get("claims").get("cognito:groups").asText()).isEqualTo("admin");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).contains(context.get("requestId").asText());
    }

    @Test
    void preflight_forAListedOrigin_allowsTheApisMethodsAndHeaders_withoutAToken() throws Exception {
        HttpResponse<String> allowed = send(HttpRequest.newBuilder(uri("/users/me"))
                .header("Origin", "http://localhost:5173").header("Access-Control-Request-Method", "PUT")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> other = send(HttpRequest.newBuilder(uri("/users/abc/follow"))
                .header("Origin", "https://evil.example").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:5173");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(m -> assertThat(m).contains("PUT"));
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(h ->
                assertThat(h).contains("Authorization").contains("If-Match").contains("Idempotency-Key"));
        assertThat(other.statusCode()).isEqualTo(204);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void textBody_isPassedAsText_andBinaryBodyAsBase64() throws Exception {
        JsonNode text = Json.parse(send(HttpRequest.newBuilder(uri("/users/me/preferences"))
                .header("Authorization", token).PUT(HttpRequest.BodyPublishers.ofString("{\"theme\":\"dark\"}"))).body());
        assertThat(text.get("body").asText()).isEqualTo("{\"theme\":\"dark\"}");
        assertThat(text.get("isBase64Encoded").asBoolean()).isFalse();

        JsonNode binary = Json.parse(send(HttpRequest.newBuilder(uri("/users/me/preferences"))
                .header("Authorization", token).PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xc3, 0x28}))).body());
        assertThat(binary.get("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(binary.get("body").asText())).containsExactly(0xc3, 0x28);
    }

    @Test
    void proxyResponse_headersMultiValueHeadersAndBase64Body_becomeTheHttpResponse() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(uri("/users/me?answer=binary"))
                .header("Authorization", token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(response.body()).containsExactly(1, 2, 0xff);
    }

    @Test
    void failingOrMalformedFunction_is502_theIntegrationFailureProblem() throws Exception {
        for (String answer : List.of("fail", "malformed")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/me?answer=" + answer))
                    .header("Authorization", token).GET());
            assertGatewayProblem(GatewayProblem.INTEGRATION_FAILURE, response, answer);
            assertThat(response.body()).doesNotContain("broken handler").doesNotContain("Exception");
        }
    }

    @Test
    void unknownPath_andKnownPathWithAnotherMethod_areBoth404_asApiGatewayAnswersThem_withoutAuthentication()
            throws Exception {
        HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/nothing/here")).GET());
        assertGatewayProblem(GatewayProblem.MISSING_AUTHENTICATION_TOKEN, missing, "unknown path");

        HttpResponse<String> method = send(HttpRequest.newBuilder(uri("/users/me")).method("PATCH", HttpRequest.BodyPublishers.noBody()));
        JsonNode problem = assertGatewayProblem(GatewayProblem.MISSING_AUTHENTICATION_TOKEN, method, "PATCH /users/me");
        assertThat(problem.get("detail").asText()).contains("/users/me has no method PATCH");
    }

    @Test
    void missingToken_is401BeforeTheFunction_askingForABearerToken() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/me?answer=fail")).GET());

        JsonNode problem = assertGatewayProblem(GatewayProblem.UNAUTHORIZED, response, "no token");
        assertThat(problem.get("detail").asText()).contains("no Authorization header");
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void accessToken_is401OnEveryRoute_theIdTokenPasses() throws Exception {
        for (ApiRoute route : ApiRoute.values()) {
            String path = route.path().replace("{id}", "abc-1").replace("{role}", "editor");
            HttpResponse<String> refused = send(HttpRequest.newBuilder(uri(path))
                    .header("Authorization", "Bearer " + accessToken)
                    .method(route.method(), HttpRequest.BodyPublishers.noBody()));
            JsonNode problem = assertGatewayProblem(GatewayProblem.UNAUTHORIZED, refused, route.name());
            assertThat(problem.get("detail").asText()).as(route.name()).contains("send the ID token");

            HttpResponse<String> passed = send(HttpRequest.newBuilder(uri(path))
                    .header("Authorization", "Bearer " + token)
                    .method(route.method(), HttpRequest.BodyPublishers.noBody()));
            assertThat(passed.statusCode()).as(route.name()).isEqualTo(200);
            assertThat(Json.parse(passed.body()).get("resource").asText()).isEqualTo(route.path());
        }
    }

    @Test
    void bodyOverTenMegabytes_is413BeforeAuthorization() throws Exception {
        byte[] body = new byte[LocalHttpServer.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(body, (byte) 'a');
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/me/preferences"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertGatewayProblem(GatewayProblem.REQUEST_TOO_LARGE, response, "10 MB + 1");
    }

    @Test
    void bodyDeclaredOverTenMegabytes_is413AtOnce_andTheAnswerArrivesWhileTheClientIsStillSending() throws Exception {
        // As curl sends a file: Expect: 100-continue, then the whole body, whatever the server answers.
        RawHttp.Response response = RawHttp.send(server.url(), "PUT", "/users/me/preferences",
                Map.of("Content-Length", Long.toString(LocalHttpServer.MAX_BODY_BYTES + 1024 * 1024L),
                        "Content-Type", "application/json", "Expect", "100-continue"),
                LocalHttpServer.MAX_BODY_BYTES + 1024 * 1024L);

        JsonNode problem = GatewayAnswers.assertGatewayProblem(GatewayProblem.REQUEST_TOO_LARGE, response.status(),
                response.headers(), response.body(), "11 MB announced");
        assertThat(problem.get("detail").asText()).contains("10 MB");
        assertThat(response.headers().firstValue("Connection")).contains("close");
    }

    @Test
    void leadingDoubleSlash_isThePathAsReceived_notAHost_routedAsApiGatewayRoutesIt() throws Exception {
        RawHttp.Response me = RawHttp.send(server.url(), "GET", "//users/me?answer=echo",
                Map.of("Authorization", "Bearer " + token));

        assertThat(me.status()).as(me.body()).isEqualTo(200);
        JsonNode event = Json.parse(me.body());
        assertThat(event.get("resource").asText()).isEqualTo("/users/me");
        assertThat(event.get("path").asText()).isEqualTo("/users/me");
        assertThat(event.get("requestContext").get("path").asText()).isEqualTo("//users/me");
        assertThat(event.get("queryStringParameters").get("answer").asText()).isEqualTo("echo");

        RawHttp.Response followers = RawHttp.send(server.url(), "GET", "///users/abc-1/followers",
                Map.of("Authorization", "Bearer " + token));
        assertThat(Json.parse(followers.body()).get("pathParameters").get("id").asText()).isEqualTo("abc-1");

        RawHttp.Response unknown = RawHttp.send(server.url(), "GET", "//nothing/me", Map.of());
        JsonNode problem = GatewayAnswers.assertGatewayProblem(GatewayProblem.MISSING_AUTHENTICATION_TOKEN,
                unknown.status(), unknown.headers(), unknown.body(), "//nothing/me");
        assertThat(problem.get("detail").asText()).contains("//nothing/me");
    }

    @Test
    void refusals_nameTheSingleAllowedOrigin_asTheDeployedGatewayResponsesDo() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/users/me")).GET());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:5173");
    }

    private static JsonNode assertGatewayProblem(GatewayProblem problem, HttpResponse<String> response, String description) {
        return GatewayAnswers.assertGatewayProblem(problem, response.statusCode(), response.headers(), response.body(),
                description);
    }

    private static URI uri(String path) {
        return URI.create(server.url() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
