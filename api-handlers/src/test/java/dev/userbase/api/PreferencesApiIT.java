package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.ApiIntegrationTest;
import dev.userbase.api.testing.Person;
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
}
