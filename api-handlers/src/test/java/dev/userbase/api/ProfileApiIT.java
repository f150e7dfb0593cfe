package dev.userbase.api;

import static dev.userbase.api.testing.RawBodies.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.ApiIntegrationTest;
import dev.userbase.api.testing.Person;
import dev.userbase.api.testing.Response;
import dev.userbase.api.testing.TestUser;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.ErasedAccount;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** {@code /users/me} (and {@code /users/current}) against DynamoDB Local. */
class ProfileApiIT extends ApiIntegrationTest {

    ProfileApiIT() {
        super(Person.ANN);
    }

    @Test
    void getMe_returnsPrivateViewWithETag() {
        Response response = api.call(ApiEvents.request(ApiRoute.GET_ME).as(ann));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("ETag")).isEqualTo("\"1\"");
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.body().path("userId").asText()).isEqualTo("ann-sub");
        assertThat(response.body().path("email").asText()).isEqualTo("ann@example.com");
        assertThat(response.body().path("displayName").asText()).isEqualTo("Ann Example");
        assertThat(response.body().path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void getCurrent_isTheSameAsMe() {
        Response me = api.call(ApiEvents.request(ApiRoute.GET_ME).as(ann));
        Response current = api.call(ApiEvents.request(ApiRoute.GET_CURRENT).as(ann));
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.body()).isEqualTo(me.body());
    }

    @Test
    void getMe_whenProfileMissing_createsItFromTheTokenClaims() {
        TestUser carl = new TestUser("carl-sub", "carl-username", "Carl@Example.com", false);

        Response response = api.call(ApiEvents.request(ApiRoute.GET_ME).as(carl)
                .claim("given_name", "Carl").claim("family_name", "Jones"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("email").asText()).isEqualTo("carl@example.com");
        assertThat(response.body().path("displayName").asText()).isEqualTo("Carl Jones");
        assertThat(api.provisioning.calls()).singleElement().satisfies(account -> {
            assertThat(account.userName()).isEqualTo("carl-username");
            assertThat(account.userId()).isEqualTo("carl-sub");
        });
        assertThat(api.services.profiles().find("carl-sub")).isPresent();
    }

    @Test
    void aTokenOutlivingItsAccountsErasure_provisionsNothing_andIsRefused() {
        TestUser carl = new TestUser("carl-sub", "carl-username", "carl@example.com", false);
        api.put(ErasedAccount.item("carl-sub", api.clock.instant().minusSeconds(60))); // erased a minute ago

        for (ApiRoute route : List.of(ApiRoute.GET_ME, ApiRoute.PUT_ME)) {
            Response response = api.call(ApiEvents.request(route).as(carl).ifMatch(1)
                    .json("{\"givenName\":\"Carl\"}").claim("given_name", "Carl"));
            assertThat(response.status()).as(route.name()).isEqualTo(403);
            assertThat(response.problemType()).isEqualTo("forbidden");
        }
        assertThat(api.provisioning.calls()).isEmpty();
        assertThat(api.services.profiles().find("carl-sub")).isEmpty();
        assertThat(api.snapshot().toString()).doesNotContain("carl@example.com");
    }

    @Test
    void putMe_updatesNamedFieldsOnly_bumpsVersion_andStampsTheChange() {
        Response response = api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).ifMatch(1)
                .json("{\"givenName\":\"Ann\",\"avatarUrl\":\"https://cdn.example.com/ann.png\"}"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("ETag")).isEqualTo("\"2\"");
        assertThat(response.body().path("givenName").asText()).isEqualTo("Ann");
        assertThat(response.body().path("displayName").asText()).isEqualTo("Ann Example");
        Map<String, AttributeValue> item = profileItem("ann-sub");
        assertThat(item.get(ChangeContext.CHANGED_BY).s()).isEqualTo("ann-sub");
        assertThat(item.get(ChangeContext.CORRELATION_ID).s())
                .isEqualTo(ApiEvents.load(ApiRoute.PUT_ME).getRequestContext().getRequestId());
    }

    @Test
    void putMe_withStaleIfMatch_is412AndWritesNothing() {
        List<Map<String, AttributeValue>> before = api.snapshot();
        Response response = api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).ifMatch(7)
                .json("{\"givenName\":\"Ann\"}"));
        assertThat(response.status()).isEqualTo(412);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(api.snapshot()).isEqualTo(before);
    }

    @Test
    void putMe_withWeakOrForeignETags_is412() {
        for (String tag : List.of("W/\"1\"", "\"abc\"", "\"-1\"", "W/\"1\", \"x\"")) {
            Response response = api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).header("If-Match", tag)
                    .json("{\"givenName\":\"Ann\"}"));
            assertThat(response.status()).as(tag).isEqualTo(412);
        }
        assertThat(api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).header("If-Match", "W/\"9\", \"1\"")
                .json("{\"givenName\":\"Ann\"}")).status()).isEqualTo(200);
    }

    @Test
    void putMe_displayName_movesTheSearchIndexEntry_andNullRemovesIt() {
        api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).header("If-Match", null).json("{\"displayName\":\"Zoé Martin\"}"));
        assertThat(searchPartition("zo")).containsExactly("ann-sub");
        assertThat(searchPartition("an")).isEmpty();

        Response removed = api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).header("If-Match", null)
                .json("{\"displayName\":null}"));
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.body().has("displayName")).isFalse();
        assertThat(searchPartition("zo")).isEmpty();
    }

    @Test
    void putMe_rejectsUnknownReadOnlyAndInvalidFields_listingEach() {
        List<Map<String, AttributeValue>> before = api.snapshot();
        Response response = api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).header("If-Match", null)
                .json("{\"email\":\"x@example.com\",\"nickname\":\"a\",\"avatarUrl\":\"http://insecure.example.com/a.png\","
                        + "\"givenName\":42,\"familyName\":\"" + "x".repeat(101) + "\"}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo("invalid-input");
        assertThat(response.body().path("errors")).extracting(e -> e.path("field").asText())
                .containsExactlyInAnyOrder("email", "nickname", "avatarUrl", "givenName", "familyName");
        assertThat(api.snapshot()).isEqualTo(before);
    }

    @Test
    void putMe_bodyNotValidUtf8OrWithAnUnpairedSurrogate_is400AndWritesNothing_whileEmojiAreKept() {
        List<Map<String, AttributeValue>> before = api.snapshot();
        Map<String, byte[]> notUtf8 = Map.of(
                "overlong '/'", bytes("{\"givenName\":\"A", 0xC0, 0xAF, "n\"}"),
                "overlong NUL", bytes("{\"givenName\":\"A", 0xC0, 0x80, "n\"}"),
                "encoded surrogate", bytes("{\"givenName\":\"A", 0xED, 0xA0, 0x80, "n\"}"),
                "truncated", bytes("{\"givenName\":\"A", 0xE2, 0x82, "\"}"),
                "UTF-16LE", "{\"givenName\":\"Ann\"}".getBytes(StandardCharsets.UTF_16LE));
        notUtf8.forEach((name, body) -> {
            Response response = api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).ifMatch(1).base64Body(body));
            assertThat(response.status()).as(name).isEqualTo(400);
            assertThat(response.problemType()).as(name).isEqualTo("invalid-input");
            assertThat(response.body().path("detail").asText()).as(name).startsWith("The request body is not valid UTF-8");
        });
        Response lone = api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).ifMatch(1)
                .json("{\"familyName\":\"Smith\",\"givenName\":\"A\\ud800n\"}"));
        assertThat(lone.status()).isEqualTo(400);
        assertThat(lone.body().path("errors")).extracting(e -> e.path("field").asText()).containsExactly("givenName");
        assertThat(api.snapshot()).isEqualTo(before);

        String emoji = "\uD83D\uDE00";
        Response raw = api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).ifMatch(1)
                .utf8Body("{\"givenName\":\"Zoë " + emoji + "\"}"));
        Response escaped = api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).ifMatch(2)
                .json("{\"familyName\":\"\\u6771\\ud83d\\ude00\"}"));
        assertThat(raw.status()).isEqualTo(200);
        assertThat(escaped.status()).isEqualTo(200);
        assertThat(profileItem("ann-sub").get(UserProfile.GIVEN_NAME).s()).isEqualTo("Zoë " + emoji);
        assertThat(profileItem("ann-sub").get("familyName").s()).isEqualTo("東" + emoji);
    }

    @Test
    void deleteMe_softDeletes_hidesFromSearch_andDisablesTheCognitoUser() {
        Response response = api.call(ApiEvents.request(ApiRoute.DELETE_ME).as(ann));

        assertThat(response.status()).isEqualTo(204);
        UserProfile profile = api.services.profiles().find("ann-sub").orElseThrow();
        assertThat(profile.status()).isEqualTo(UserStatus.DELETED);
        assertThat(searchPartition("an")).isEmpty();
        assertThat(api.pool.user("ann-sub")).map(u -> u.enabled()).contains(false);
        assertThat(api.services.profiles().find("ann-sub").map(UserProfile::email)).isEqualTo(Optional.of("ann@example.com"));
    }

    @Test
    void deleteMe_whenCognitoFails_is503_andRepeatingFinishesIt_withoutRewritingTheProfile() {
        api.pool.fail("disable", 3, dev.userbase.api.testing.FakeUserPool.transientFailure());

        Response failed = api.call(ApiEvents.request(ApiRoute.DELETE_ME).as(ann));
        assertThat(failed.status()).isEqualTo(503);
        assertThat(api.services.profiles().find("ann-sub").orElseThrow().status()).isEqualTo(UserStatus.DELETED);
        assertThat(api.pool.user("ann-sub").orElseThrow().enabled()).isTrue();
        List<Map<String, AttributeValue>> deleted = api.snapshot();

        Response repeated = api.call(ApiEvents.request(ApiRoute.DELETE_CURRENT).as(ann));

        assertThat(repeated.status()).isEqualTo(204);
        assertThat(api.pool.user("ann-sub").orElseThrow().enabled()).isFalse();
        // the repeat rewrites nothing; it only adds the last step, the erasure's grace-period tombstone
        List<Map<String, AttributeValue>> after = api.snapshot();
        assertThat(after).containsAll(deleted).hasSize(deleted.size() + 1);
        assertThat(after).anySatisfy(item -> assertThat(item.get("sk").s()).isEqualTo("ERASURE"));
        // a deleted caller may repeat the deletion, and nothing else that writes
        assertThat(api.call(ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).json("{}")).status()).isEqualTo(403);
    }

    @Test
    void deleteMe_afterAnAdminDeletedTheAccount_keepsTheAdminsReason() {
        api.services.profiles().changeStatus("ann-sub", UserStatus.DELETED, "Fraud", java.util.Set.of(UserStatus.values()),
                new ChangeContext("admin-sub", "r-1"));

        assertThat(api.call(ApiEvents.request(ApiRoute.DELETE_ME).as(ann)).status()).isEqualTo(204);

        assertThat(api.services.profiles().find("ann-sub").orElseThrow().statusReason()).isEqualTo("Fraud");
    }

    private Map<String, AttributeValue> profileItem(String sub) {
        return tables.dynamoDb().getItem(r -> r.tableName(tables.usersTable()).key(UserProfile.key(sub))).item();
    }

    private List<String> searchPartition(String partition) {
        return tables.dynamoDb().query(QueryRequest.builder().tableName(tables.usersTable()).indexName("search")
                .keyConditionExpression("gsi2pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("NAME#" + partition))).build())
                .items().stream().map(i -> i.get("userId").s()).toList();
    }
}
