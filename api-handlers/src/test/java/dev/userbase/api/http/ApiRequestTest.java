package dev.userbase.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;

class ApiRequestTest {

    @Test
    void read_resolvesRoutePathParametersAndSelfAliases() {
        ApiRequest request = read(ApiEvents.request(ApiRoute.ASSIGN_ROLE).id("bob").role("editor").build(), ApiFunction.ADMIN);
        assertThat(request.route()).isEqualTo(ApiRoute.ASSIGN_ROLE);
        assertThat(request.userId()).isEqualTo("bob");
        assertThat(request.pathParameter("role")).isEqualTo("editor");

        ApiRequest me = read(ApiEvents.request(ApiRoute.GET_USER).id("me").build(), ApiFunction.SOCIAL);
        assertThat(me.userId()).isEqualTo(me.caller().userId());
    }

    @Test
    void read_withoutPathParametersInTheEvent_takesThemFromThePath() {
        APIGatewayProxyRequestEvent event = ApiEvents.request(ApiRoute.FOLLOW).id("bob").build();
        event.setPathParameters(null);
        assertThat(read(event, ApiFunction.SOCIAL).userId()).isEqualTo("bob");
    }

    @Test
    void read_unknownMethodOnAKnownResource_is405WithAllow() {
        APIGatewayProxyRequestEvent event = ApiEvents.load(ApiRoute.GET_ME);
        event.setHttpMethod("PATCH");
        assertThatThrownBy(() -> read(event, ApiFunction.SELF))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(405);
                    assertThat(p.headers().get("Allow")).isEqualTo("DELETE, GET, PUT");
                });
    }

    @Test
    void read_unknownResource_is404() {
        APIGatewayProxyRequestEvent event = ApiEvents.load(ApiRoute.GET_ME);
        event.setResource("/admin");
        event.setPath("/admin");
        assertThatThrownBy(() -> read(event, ApiFunction.SELF)).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(404);
            assertThat(p.slug()).isEqualTo("not-found");
        });
    }

    @Test
    void json_needsAJsonContentTypeAndABody() {
        assertThat(refusal(ApiEvents.request(ApiRoute.PUT_ME).header("Content-Type", "text/plain").build())).isEqualTo(415);
        assertThat(refusal(ApiEvents.request(ApiRoute.PUT_ME).header("Content-Type", null).build())).isEqualTo(415);
        assertThat(refusal(ApiEvents.request(ApiRoute.PUT_ME).header("Content-Type", "application/json; charset=latin1").build()))
                .isEqualTo(415);
        assertThat(refusal(ApiEvents.request(ApiRoute.PUT_ME).body(null).build())).isEqualTo(400);
        assertThat(refusal(ApiEvents.request(ApiRoute.PUT_ME).body("").build())).isEqualTo(400);
        assertThat(refusal(ApiEvents.request(ApiRoute.PUT_ME).json("{\"a\":").build())).isEqualTo(400);
        assertThat(read(ApiEvents.request(ApiRoute.PUT_ME).header("content-type", "Application/JSON;Charset=\"UTF-8\"").build(),
                ApiFunction.SELF).json().isObject()).isTrue();
    }

    @Test
    void json_readsBase64Bodies() {
        ApiRequest request = read(ApiEvents.request(ApiRoute.PUT_ME).json("ignored")
                .utf8Body("{\"displayName\":\"Zoë\"}").build(), ApiFunction.SELF);
        assertThat(request.json().path("displayName").asText()).isEqualTo("Zoë");
        assertThat(refusal(ApiEvents.request(ApiRoute.PUT_ME).body("%%%").build().withIsBase64Encoded(true)))
                .isEqualTo(400);
    }

    @Test
    void json_base64BodyThatIsNotUtf8_is400_afterTheMediaTypeCheck() {
        byte[] overlong = {'{', '"', 'a', '"', ':', '"', 'A', (byte) 0xC0, (byte) 0xAF, 'n', '"', '}'};
        assertThatThrownBy(() -> read(ApiEvents.request(ApiRoute.PUT_ME).json("x").base64Body(overlong).build(),
                ApiFunction.SELF).json()).isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.detail()).startsWith("The request body is not valid UTF-8 (at byte offset 7)");
                });
        assertThat(refusal(ApiEvents.request(ApiRoute.PUT_ME).json("x").base64Body(overlong)
                .header("Content-Type", "text/plain").build())).isEqualTo(415);
        assertThat(read(ApiEvents.request(ApiRoute.PUT_ME).json("x").utf8Body("{\"a\":\"\uD83D\uDE00\"}").build(),
                ApiFunction.SELF).json().path("a").textValue()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void json_textBodyWithAnUnpairedSurrogate_is400NotUtf8_ratherThanReadWithAQuestionMark() {
        // a String body from the event can hold what no UTF-8 can: it is refused like those bytes base64-encoded
        for (String body : new String[] {"{\"givenName\":\"A\uD800n\"}", "{\"a\":\"\uDE00\"}", "{\"a\":\"x\uD83D\"}"}) {
            assertThatThrownBy(() -> read(ApiEvents.request(ApiRoute.PUT_ME).json(body).build(), ApiFunction.SELF).json())
                    .as(body).isInstanceOfSatisfying(ApiProblem.class, p -> {
                        assertThat(p.status()).isEqualTo(400);
                        assertThat(p.detail()).startsWith("The request body is not valid UTF-8");
                    });
        }
        assertThat(read(ApiEvents.request(ApiRoute.PUT_ME).json("{\"a\":\"Zoë \uD83D\uDE00\"}").build(), ApiFunction.SELF)
                .json().path("a").textValue()).isEqualTo("Zoë \uD83D\uDE00");
    }

    @Test
    void utf8_encodesUnpairedSurrogatesInTheirThreeByteForm_andAllElseAsUtf8() {
        String valid = "a é 東 \uD83D\uDE00";
        assertThat(ApiRequest.utf8(valid)).isEqualTo(valid.getBytes(StandardCharsets.UTF_8));
        assertThat(ApiRequest.utf8("a\uD800\uD83D\uDE00\uDFFFb")).containsExactly('a', 0xED, 0xA0, 0x80,
                0xF0, 0x9F, 0x98, 0x80, 0xED, 0xBF, 0xBF, 'b');
    }

    @ParameterizedTest
    @ValueSource(ints = {16 * 1024 + 1, 40 * 1024})
    void bodiesOver16KB_are413(int size) {
        String body = "{\"a\":\"" + "é".repeat(size / 2) + "\"}";
        assertThatThrownBy(() -> read(ApiEvents.request(ApiRoute.PUT_ME).json(body).build(), ApiFunction.SELF))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(413));
        assertThatThrownBy(() -> read(ApiEvents.request(ApiRoute.PUT_ME).json("x")
                .base64Body(body.getBytes(StandardCharsets.UTF_8)).build(), ApiFunction.SELF))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(413));
    }

    @Test
    void query_repeatedParameter_is400() {
        ApiRequest request = read(ApiEvents.request(ApiRoute.SEARCH_USERS).noQuery().query("q", "ab").query("q", "cd").build(),
                ApiFunction.SOCIAL);
        assertThatThrownBy(() -> request.query("q")).isInstanceOfSatisfying(UserServiceException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT));
    }

    @Test
    void headers_areCaseInsensitive() {
        ApiRequest request = read(ApiEvents.request(ApiRoute.PUT_ME).header("IF-MATCH", "\"4\"").build(), ApiFunction.SELF);
        assertThat(request.header("if-match")).contains("\"4\"");
        assertThat(request.ifMatch().admits(4)).isTrue();
    }

    /** The status of the refusal of the event's JSON body, or null if it is read. */
    private static Integer refusal(APIGatewayProxyRequestEvent event) {
        try {
            read(event, ApiFunction.SELF).json();
            return null;
        } catch (ApiProblem p) {
            return p.status();
        }
    }

    private static ApiRequest read(APIGatewayProxyRequestEvent event, ApiFunction function) {
        return ApiRequest.read(event, function, "req");
    }
}
