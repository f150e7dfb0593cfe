package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;

import dev.userbase.api.testing.Response;
import dev.userbase.api.testing.UnitApi;

/**
 * Per endpoint, from its recorded-shape fixture with one thing broken: the handler answers the
 * right 4xx problem, naming the bad field, before any table access (the handlers run over a
 * DynamoDB client that refuses every call).
 */
class EndpointValidationTest {

    private final UnitApi api = new UnitApi();

    @ParameterizedTest
    @Event(value = "events/apigateway/put-me.json", type = APIGatewayProxyRequestEvent.class)
    void putMe_invalidFields(APIGatewayProxyRequestEvent event) {
        event.setBody("{\"avatarUrl\":\"javascript:alert(1)\",\"status\":\"ACTIVE\",\"displayName\":\"\\u0007bell\"}");
        assertFields(api.call(event), 400, "avatarUrl", "status", "displayName");
        event.setBody("{}");
        assertThat(api.call(event).status()).isEqualTo(400);
        event.setBody("{\"displayName\":\"ok\"}");
        event.getHeaders().put("If-Match", "3");
        event.getMultiValueHeaders().put("If-Match", List.of("3"));
        assertFields(api.call(event), 400, "If-Match");
    }

    @ParameterizedTest
    @Event(value = "events/apigateway/put-current.json", type = APIGatewayProxyRequestEvent.class)
    void putCurrent_notJson(APIGatewayProxyRequestEvent event) {
        event.setBody("{\"givenName\":");
        Response response = api.call(event);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().path("detail").asText()).startsWith("The request body is not valid JSON");
    }

    @ParameterizedTest
    @Event(value = "events/apigateway/put-my-preferences.json", type = APIGatewayProxyRequestEvent.class)
    void putPreferences_notUtf8OrAnUnpairedSurrogate(APIGatewayProxyRequestEvent event) {
        event.setBody(Base64.getEncoder().encodeToString(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0,
                (byte) 0x80, '"', '}'}));
        event.setIsBase64Encoded(true);
        Response response = api.call(event);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().path("detail").asText()).isEqualTo(
                "The request body is not valid UTF-8 (at byte offset 6); send JSON as UTF-8");
        event.setIsBase64Encoded(false);
        event.setBody("{\"theme\":{\"accent\":\"\\udbff\"}}");
        assertFields(api.call(event), 400, "theme.accent");
    }

    @ParameterizedTest
    @Event(value = "events/apigateway/put-my-preferences.json", type = APIGatewayProxyRequestEvent.class)
    void putPreferences_tooLargeOrNotAnObject(APIGatewayProxyRequestEvent event) {
        event.setBody("{\"blob\":\"" + "x".repeat(9000) + "\"}");
        assertThat(api.call(event).status()).isEqualTo(413);
        event.setBody("\"dark\"");
        assertThat(api.call(event).status()).isEqualTo(400);
        event.setBody("[".repeat(40) + "]".repeat(40));
        assertThat(api.call(event).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @Event(value = "events/apigateway/search-users.json", type = APIGatewayProxyRequestEvent.class)
    void searchUsers_tooShortQuery(APIGatewayProxyRequestEvent event) {
        event.setQueryStringParameters(Map.of("q", "a"));
        event.setMultiValueQueryStringParameters(Map.of("q", List.of("a")));
        assertFields(api.call(event), 400, "q");
    }

    @ParameterizedTest
    @Event(value = "events/apigateway/get-my-followers.json", type = APIGatewayProxyRequestEvent.class)
    void getMyFollowers_badLimitOrCursor(APIGatewayProxyRequestEvent event) {
        event.setMultiValueQueryStringParameters(Map.of("limit", List.of("1000")));
        assertFields(api.call(event), 400, "limit");
        event.setMultiValueQueryStringParameters(Map.of("cursor", List.of("eyJ2IjoxfQ.c2ln")));
        assertFields(api.call(event), 400, "cursor");
    }

    @ParameterizedTest
    @Event(value = "events/apigateway/get-user.json", type = APIGatewayProxyRequestEvent.class)
    void getUser_idThatCannotExist_is404(APIGatewayProxyRequestEvent event) {
        event.setPathParameters(new HashMap<>(Map.of("id", "USER#x")));
        assertThat(api.call(event).status()).isEqualTo(404);
    }

    /** Endpoints whose body is refused field by field: the problem names each bad field. */
    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("request-email-change.json", "{\"email\":\"two@@example.com\"}", List.of("email")),
                Arguments.of("request-email-change.json", "{\"mail\":\"a@example.com\"}", List.of("mail", "email")),
                Arguments.of("confirm-email-change.json", "{\"token\":null}", List.of("token")),
                Arguments.of("confirm-email-change.json", "{\"token\":123}", List.of("token")),
                Arguments.of("set-status.json", "{\"status\":\"suspended\",\"reason\":\"" + "r".repeat(501) + "\"}",
                        List.of("status", "reason")));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badBodies")
    void badBody_is400NamingTheFields(String fixture, String body, List<String> fields) {
        APIGatewayProxyRequestEvent event = fixture(fixture);
        event.setBody(body);
        assertFields(api.call(event), 400, fields.toArray(String[]::new));
    }

    /** Endpoints whose one bad query parameter is the field the problem names. */
    static Stream<Arguments> badQueryParameters() {
        return Stream.of(
                Arguments.of("get-my-following.json", "limit", List.of("5", "6")),
                Arguments.of("get-followers.json", "cursor", List.of("x".repeat(3000))),
                Arguments.of("get-following.json", "limit", List.of("0")),
                Arguments.of("list-users.json", "status", List.of("BANNED")),
                Arguments.of("get-audit.json", "limit", List.of("-5")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badQueryParameters")
    void badQueryParameter_is400NamingIt(String fixture, String parameter, List<String> values) {
        APIGatewayProxyRequestEvent event = fixture(fixture);
        event.setMultiValueQueryStringParameters(Map.of(parameter, values));
        assertFields(api.call(event), 400, parameter);
    }

    /** Endpoints whose path parameters are refused (following yourself, a bad role name), naming the field. */
    static Stream<Arguments> badPathParameters() {
        return Stream.of(
                Arguments.of("follow.json", Map.of("id", "me"), "id"),
                Arguments.of("unfollow.json", Map.of("id", "3f8a2c1e-6b7d-4e9f-a0b1-c2d3e4f5a6b7"), "id"),
                Arguments.of("assign-role.json", Map.of("id", "9d1e7f20-4c3b-4a8e-9f6d-5b2a1c0e8d7f", "role", "Admin!"),
                        "role"),
                Arguments.of("remove-role.json",
                        Map.of("id", "9d1e7f20-4c3b-4a8e-9f6d-5b2a1c0e8d7f", "role", "x".repeat(33)), "role"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badPathParameters")
    void badPathParameter_is400NamingIt(String fixture, Map<String, String> parameters, String field) {
        APIGatewayProxyRequestEvent event = fixture(fixture);
        event.setPathParameters(new HashMap<>(parameters));
        assertFields(api.call(event), 400, field);
    }

    @ParameterizedTest
    @Event(value = "events/apigateway/create-user.json", type = APIGatewayProxyRequestEvent.class)
    void createUser_needsAKeyAndAValidBody(APIGatewayProxyRequestEvent event) {
        event.getMultiValueHeaders().remove("Idempotency-Key");
        assertFields(api.call(event), 400, "Idempotency-Key");
        event.getMultiValueHeaders().put("Idempotency-Key", List.of("key with spaces"));
        assertFields(api.call(event), 400, "Idempotency-Key");
        event.getMultiValueHeaders().put("Idempotency-Key", List.of("k-1"));
        event.setBody("{\"email\":\"nope\",\"sendInvitation\":\"yes\",\"role\":\"admin\"}");
        assertFields(api.call(event), 400, "email", "sendInvitation", "role");
    }

    @ParameterizedTest
    @Event(value = "events/apigateway/delete-me.json", type = APIGatewayProxyRequestEvent.class)
    void deleteMe_wrongMethodOnTheResource_is405(APIGatewayProxyRequestEvent event) {
        event.setHttpMethod("POST");
        Response response = api.call(api.self, event);
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("DELETE, GET, PUT");
    }

    @ParameterizedTest
    @Event(value = "events/apigateway/get-me.json", type = APIGatewayProxyRequestEvent.class)
    void getMe_overTheBodyLimit_is413(APIGatewayProxyRequestEvent event) {
        event.setBody("x".repeat(16 * 1024 + 1));
        assertThat(api.call(event).status()).isEqualTo(413);
    }

    @ParameterizedTest
    @Event(value = "events/apigateway/get-current.json", type = APIGatewayProxyRequestEvent.class)
    void getCurrent_noToken_is401(APIGatewayProxyRequestEvent event) {
        event.getRequestContext().getAuthorizer().remove("claims");
        assertThat(api.call(event).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @Event(value = "events/apigateway/get-my-preferences.json", type = APIGatewayProxyRequestEvent.class)
    void getMyPreferences_sentToTheAdminFunction_is404(APIGatewayProxyRequestEvent event) {
        assertThat(api.call(api.admin, event).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @Event(value = "events/apigateway/delete-current.json", type = APIGatewayProxyRequestEvent.class)
    void deleteCurrent_asAdminStillNeedsAToken(APIGatewayProxyRequestEvent event) {
        event.getRequestContext().setAuthorizer(new HashMap<>(Map.of("claims", Map.of("cognito:groups", "admin"))));
        assertThat(api.call(event).status()).isEqualTo(401);
    }

    private static APIGatewayProxyRequestEvent fixture(String name) {
        return EventLoader.loadEvent("events/apigateway/" + name, APIGatewayProxyRequestEvent.class);
    }

    private static void assertFields(Response response, int status, String... fields) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.body().path("errors")).extracting(e -> e.path("field").asText()).contains(fields);
    }
}
