package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.ApiIntegrationTest;
import dev.userbase.api.testing.Person;
import dev.userbase.api.testing.RawBodies;
import dev.userbase.api.testing.Response;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserPreferences;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code /users/me/preferences} against DynamoDB Local. */
class PreferencesApiIT extends ApiIntegrationTest {

    PreferencesApiIT() {
        super(Person.ANN);
    }

    @Test
    void get_beforeAnySave_isAnEmptyObjectAtVersionZero() {
        Response response = api.call(ApiEvents.request(ApiRoute.GET_MY_PREFERENCES).as(ann));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().isObject()).isTrue();
        assertThat(response.body().size()).isZero();
        assertThat(response.header("ETag")).isEqualTo("\"0\"");
    }

    @Test
    void put_replacesTheObject_andGetReturnsIt() {
        Response saved = api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann)
                .json("{\"theme\":\"dark\",\"notifications\":{\"email\":false},\"langs\":[\"fr\",\"en\"]}"));
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.header("ETag")).isEqualTo("\"1\"");

        api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).json("{\"theme\":\"light\"}"));
        Response read = api.call(ApiEvents.request(ApiRoute.GET_MY_PREFERENCES).as(ann));

        assertThat(read.body().toString()).isEqualTo("{\"theme\":\"light\"}");
        assertThat(read.header("ETag")).isEqualTo("\"2\"");
        Map<String, AttributeValue> item = tables.dynamoDb().getItem(r -> r.tableName(tables.usersTable())
                .key(UserPreferences.key("ann-sub"))).item();
        assertThat(item.get(ChangeContext.CHANGED_BY).s()).isEqualTo("ann-sub");
    }

    @Test
    void put_withIfMatch_checksTheVersion_zeroMeaningNoneSavedYet() {
        assertThat(api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).ifMatch(0).json("{\"a\":1}")).status())
                .isEqualTo(200);
        assertThat(api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).ifMatch(0).json("{\"a\":2}")).status())
                .isEqualTo(412);
        assertThat(api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).ifMatch(1).json("{\"a\":3}")).status())
                .isEqualTo(200);
    }

    @Test
    void savingPreferences_neverConflictsWithAProfileEdit() {
        api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).json("{\"theme\":\"dark\"}"));

        Response profileEdit = api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).ifMatch(1).json("{\"givenName\":\"Ann\"}"));

        assertThat(profileEdit.status()).isEqualTo(200);
    }

    @Test
    void put_invalidBodies_areRefused_andWriteNothing() {
        List<Map<String, AttributeValue>> before = api.snapshot();
        String big = "{\"blob\":\"" + "x".repeat(UserPreferences.MAX_BYTES) + "\"}";

        Response tooBig = api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).json(big));
        Response array = api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).json("[1,2]"));
        Response notJson = api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).json("{theme: dark}"));
        Response duplicateKeys = api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).json("{\"a\":1,\"a\":2}"));
        Response trailing = api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).json("{\"a\":1} {}"));
        Response text = api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).header("Content-Type", "text/plain")
                .body("{\"a\":1}"));
        Response overBodyLimit = api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann)
                .json("{\"blob\":\"" + "x".repeat(17 * 1024) + "\"}"));

        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(array.status()).isEqualTo(400);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(duplicateKeys.status()).isEqualTo(400);
        assertThat(trailing.status()).isEqualTo(400);
        assertThat(text.status()).isEqualTo(415);
        assertThat(overBodyLimit.status()).isEqualTo(413);
        assertThat(api.snapshot()).isEqualTo(before);
    }

    @Test
    void put_bodyNotValidUtf8OrWithAnUnpairedSurrogate_is400AndWritesNothing_whileEmojiAreKept() {
        List<Map<String, AttributeValue>> before = api.snapshot();
        List<byte[]> notUtf8 = List.of(
                RawBodies.bytes("{\"theme\":\"", 0xC0, 0x80, "\"}"),
                RawBodies.bytes("{\"theme\":\"", 0xED, 0xA0, 0x80, "\"}"),
                RawBodies.bytes("{\"theme\":\"dark\"}", 0xF0, 0x9F),
                "{\"theme\":\"dark\"}".getBytes(StandardCharsets.UTF_16));
        for (byte[] body : notUtf8) {
            Response response = api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).base64Body(body));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body().path("detail").asText()).startsWith("The request body is not valid UTF-8");
        }
        Response highLone = api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann)
                .json("{\"notifications\":{\"email\":\"\\ud800\"}}"));
        Response lowLone = api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann)
                .json("{\"langs\":[\"fr\",\"\\udc00\"]}"));
        assertThat(highLone.status()).isEqualTo(400);
        assertThat(highLone.body().path("errors").path(0).path("field").asText()).isEqualTo("notifications.email");
        assertThat(lowLone.status()).isEqualTo(400);
        assertThat(lowLone.body().path("errors").path(0).path("field").asText()).isEqualTo("langs[1]");
        assertThat(api.snapshot()).isEqualTo(before);

        String emoji = "\uD83D\uDE00";
        api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).utf8Body("{\"theme\":\"" + emoji + "\"}"));
        assertThat(api.call(ApiEvents.request(ApiRoute.GET_MY_PREFERENCES).as(ann)).body().path("theme").asText())
                .isEqualTo(emoji);
        api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).json("{\"theme\":\"\\ud83d\\ude00\"}"));
        assertThat(api.call(ApiEvents.request(ApiRoute.GET_MY_PREFERENCES).as(ann)).body().path("theme").asText())
                .isEqualTo(emoji);
        assertThat(api.call(ApiEvents.request(ApiRoute.GET_MY_PREFERENCES).as(ann)).header("ETag")).isEqualTo("\"2\"");
    }
}
