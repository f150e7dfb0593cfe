package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.ApiIntegrationTest;
import dev.userbase.api.testing.Person;
import dev.userbase.api.testing.Response;
import dev.userbase.api.testing.TestUser;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.ErasedAccount;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Public profiles, follows, follow lists and search against DynamoDB Local. */
class SocialApiIT extends ApiIntegrationTest {

    SocialApiIT() {
        super(Person.ANN, Person.BOB);
    }

    @Test
    void follow_writesOneStampedEdge_andIsIdempotent() {
        Response first = api.call(ApiEvents.request(ApiRoute.FOLLOW).as(ann).id("bob-sub"));
        Response second = api.call(ApiEvents.request(ApiRoute.FOLLOW).as(ann).id("bob-sub"));

        assertThat(first.status()).isEqualTo(204);
        assertThat(second.status()).isEqualTo(204);
        List<Map<String, AttributeValue>> edges = edges();
        assertThat(edges).hasSize(1);
        assertThat(edges.get(0).get(ChangeContext.CHANGED_BY).s()).isEqualTo("ann-sub");
        assertThat(edges.get(0).get("followerCount")).isNull();
        // the API never touches counts: the stream pipeline derives them from edges
        assertThat(api.services.profiles().find("bob-sub").orElseThrow().followerCount()).isZero();
        assertThat(api.services.profiles().find("bob-sub").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void unfollow_removesTheEdge_andUnfollowingAgainIs204() {
        api.call(ApiEvents.request(ApiRoute.FOLLOW).as(ann).id("bob-sub"));

        assertThat(api.call(ApiEvents.request(ApiRoute.UNFOLLOW).as(ann).id("bob-sub")).status()).isEqualTo(204);
        assertThat(edges()).isEmpty();
        assertThat(api.call(ApiEvents.request(ApiRoute.UNFOLLOW).as(ann).id("bob-sub")).status()).isEqualTo(204);
    }

    @Test
    void follow_yourself_is400_andMissingOrDeletedUsers_are404() {
        Response self = api.call(ApiEvents.request(ApiRoute.FOLLOW).as(ann).id("ann-sub"));
        Response selfAlias = api.call(ApiEvents.request(ApiRoute.FOLLOW).as(ann).id("me"));
        Response missing = api.call(ApiEvents.request(ApiRoute.FOLLOW).as(ann).id("nobody"));
        api.setStatus("bob-sub", UserStatus.DELETED);
        Response deleted = api.call(ApiEvents.request(ApiRoute.FOLLOW).as(ann).id("bob-sub"));

        assertThat(self.status()).isEqualTo(400);
        assertThat(selfAlias.status()).isEqualTo(400);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(edges()).isEmpty();
    }

    @Test
    void followerLists_arePaginatedWithSignedCursors_andHideDeletedUsers() {
        List<TestUser> fans = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fans.add(api.user("fan-" + i, "fan" + i + "@example.com", "Fan " + i));
            api.call(ApiEvents.request(ApiRoute.FOLLOW).as(fans.get(i)).id("bob-sub"));
        }
        api.setStatus("fan-4", UserStatus.DELETED);

        List<Response> pages = api.pages(() -> ApiEvents.request(ApiRoute.GET_FOLLOWERS).as(ann).id("bob-sub").noQuery()
                .query("limit", "2"), 10);

        assertThat(pages).allSatisfy(page -> assertThat(page.status()).isEqualTo(200));
        assertThat(pages).flatExtracting(page -> page.itemValues("userId")).containsExactly("fan-0", "fan-1", "fan-2", "fan-3");
        assertThat(pages).hasSize(3);

        Response mine = api.call(ApiEvents.request(ApiRoute.GET_MY_FOLLOWERS).as(bob).noQuery());
        assertThat(mine.body().path("items")).extracting(i -> i.path("displayName").asText())
                .containsExactly("Fan 0", "Fan 1", "Fan 2", "Fan 3");
        assertThat(mine.body().has("nextCursor")).isFalse();

        Response following = api.call(ApiEvents.request(ApiRoute.GET_FOLLOWING).as(ann).id("fan-1").noQuery());
        assertThat(following.body().path("items")).extracting(i -> i.path("userId").asText()).containsExactly("bob-sub");
        assertThat(following.body().path("items").get(0).path("since").asText()).isEqualTo("2026-11-23T10:00:00.000Z");
    }

    @Test
    void cursor_tamperedOrFromAnotherList_is400_neverADynamoDbError() {
        for (int i = 0; i < 3; i++) {
            TestUser fan = api.user("fan-" + i, "fan" + i + "@example.com", "Fan " + i);
            api.call(ApiEvents.request(ApiRoute.FOLLOW).as(fan).id("bob-sub"));
            api.call(ApiEvents.request(ApiRoute.FOLLOW).as(fan).id("ann-sub"));
        }
        String cursor = api.call(ApiEvents.request(ApiRoute.GET_FOLLOWERS).as(ann).id("bob-sub").noQuery().query("limit", "1"))
                .body().path("nextCursor").asText();
        assertThat(cursor).isNotEmpty();
        char last = cursor.charAt(cursor.length() - 1);
        String tampered = cursor.substring(0, cursor.length() - 1) + (last == 'A' ? 'B' : 'A');

        Response replayed = api.call(ApiEvents.request(ApiRoute.GET_FOLLOWERS).as(ann).id("ann-sub").noQuery().query("cursor", cursor));
        Response edited = api.call(ApiEvents.request(ApiRoute.GET_FOLLOWERS).as(ann).id("bob-sub").noQuery().query("cursor", tampered));
        Response garbage = api.call(ApiEvents.request(ApiRoute.GET_FOLLOWERS).as(ann).id("bob-sub").noQuery().query("cursor", "not-a-cursor"));
        Response valid = api.call(ApiEvents.request(ApiRoute.GET_FOLLOWERS).as(ann).id("bob-sub").noQuery().query("cursor", cursor));

        for (Response bad : List.of(replayed, edited, garbage)) {
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body().path("errors").get(0).path("field").asText()).isEqualTo("cursor");
        }
        assertThat(valid.status()).isEqualTo(200);
    }

    @Test
    void limit_outsideOneToHundred_is400() {
        for (String limit : List.of("0", "101", "-1", "abc", "1e2", " 5")) {
            Response response = api.call(ApiEvents.request(ApiRoute.GET_MY_FOLLOWING).as(ann).noQuery().query("limit", limit));
            assertThat(response.status()).as("limit=%s", limit).isEqualTo(400);
        }
        assertThat(api.call(ApiEvents.request(ApiRoute.GET_MY_FOLLOWING).as(ann).noQuery().query("limit", "100")).status())
                .isEqualTo(200);
    }

    @Test
    void getUser_showsPublicFieldsToOthers_andPrivateFieldsToSelfAndAdmins() {
        tables.users().put(new UserPreferences("bob-sub", "{\"theme\":\"dark\"}", 1, api.clock.instant()).toItem());
        Person.ADMIN.signUp(api);

        JsonNode asOther = api.call(ApiEvents.request(ApiRoute.GET_USER).as(ann).id("bob-sub")).body();
        JsonNode asSelf = api.call(ApiEvents.request(ApiRoute.GET_USER).as(bob).id("bob-sub")).body();
        JsonNode asAdmin = api.call(ApiEvents.request(ApiRoute.GET_USER).as(admin).id("bob-sub")).body();

        assertThat(asOther.path("displayName").asText()).isEqualTo("Bob Builder");
        assertThat(asOther.has("email")).isFalse();
        assertThat(asOther.has("preferences")).isFalse();
        assertThat(asOther.has("followerCount")).isTrue();
        assertThat(asSelf.path("email").asText()).isEqualTo("bob@example.com");
        assertThat(asSelf.path("preferences").path("theme").asText()).isEqualTo("dark");
        assertThat(asAdmin.path("email").asText()).isEqualTo("bob@example.com");
        assertThat(asAdmin.path("preferences").path("theme").asText()).isEqualTo("dark");
    }

    @Test
    void getUser_deletedUsersAreHiddenFromOthers_butNotFromAdmins() {
        Person.ADMIN.signUp(api);
        api.setStatus("bob-sub", UserStatus.DELETED);

        assertThat(api.call(ApiEvents.request(ApiRoute.GET_USER).as(ann).id("bob-sub")).status()).isEqualTo(404);
        assertThat(api.call(ApiEvents.request(ApiRoute.GET_FOLLOWERS).as(ann).id("bob-sub")).status()).isEqualTo(404);
        assertThat(api.call(ApiEvents.request(ApiRoute.GET_USER).as(admin).id("bob-sub")).body().path("status").asText())
                .isEqualTo("DELETED");
        assertThat(api.call(ApiEvents.request(ApiRoute.GET_FOLLOWERS).as(admin).id("bob-sub")).status()).isEqualTo(200);
        assertThat(api.call(ApiEvents.request(ApiRoute.GET_FOLLOWING).as(admin).id("bob-sub")).status()).isEqualTo(200);
        assertThat(api.call(ApiEvents.request(ApiRoute.GET_USER).as(ann).id("nobody")).status()).isEqualTo(404);
        assertThat(api.call(ApiEvents.request(ApiRoute.GET_USER).as(ann).id("bad#id")).status()).isEqualTo(404);
    }

    @Test
    void anAdministratorWhoIsSuspendedDeletedOrErased_seesOnlyWhatAnyUserSees() {
        tables.users().put(new UserPreferences("bob-sub", "{\"theme\":\"dark\"}", 1, api.clock.instant()).toItem());
        TestUser suspended = api.admin("sue-sub", "sue@example.com");
        api.setStatus("sue-sub", UserStatus.SUSPENDED);
        TestUser deleted = api.admin("dee-sub", "dee@example.com");
        api.setStatus("dee-sub", UserStatus.DELETED);
        TestUser erased = TestUser.admin("erin-sub", "erin@example.com");
        api.put(ErasedAccount.item("erin-sub", api.clock.instant().minusSeconds(60)));

        for (TestUser viewer : List.of(suspended, deleted, erased)) {
            Response bob = api.call(ApiEvents.request(ApiRoute.GET_USER).as(viewer).id("bob-sub"));
            assertThat(bob.status()).as(viewer.sub()).isEqualTo(200);
            assertThat(bob.body().has("email")).as(viewer.sub() + " gets the public view").isFalse();
            assertThat(bob.body().has("preferences")).isFalse();
            assertThat(bob.header("ETag")).isNull();
        }
        api.setStatus("bob-sub", UserStatus.DELETED);
        for (TestUser viewer : List.of(suspended, deleted, erased)) {
            assertThat(api.call(ApiEvents.request(ApiRoute.GET_USER).as(viewer).id("bob-sub")).status())
                    .as(viewer.sub()).isEqualTo(404);
            assertThat(api.call(ApiEvents.request(ApiRoute.GET_FOLLOWERS).as(viewer).id("bob-sub")).status())
                    .as(viewer.sub()).isEqualTo(404);
            assertThat(api.call(ApiEvents.request(ApiRoute.GET_FOLLOWING).as(viewer).id("bob-sub")).status())
                    .as(viewer.sub()).isEqualTo(404);
        }
        // their own profile stays theirs to read in full
        Response own = api.call(ApiEvents.request(ApiRoute.GET_USER).as(suspended).id("sue-sub"));
        assertThat(own.body().path("email").asText()).isEqualTo("sue@example.com");
    }

    @Test
    void search_matchesPrefixesIgnoringCaseAndAccents_onlyActiveUsers_paginated() {
        api.user("emilie-sub", "emilie@example.com", "Émilie Durand");
        api.user("emile-sub", "emile@example.com", "emile zola");
        api.user("emma-sub", "emma@example.com", "Emma Stone");
        api.user("sus-sub", "sus@example.com", "Émilie Suspended");
        api.setStatus("sus-sub", UserStatus.SUSPENDED);

        Response emi = api.call(ApiEvents.request(ApiRoute.SEARCH_USERS).as(ann).noQuery().query("q", "EMI"));
        assertThat(emi.status()).isEqualTo(200);
        assertThat(emi.body().path("items")).extracting(i -> i.path("userId").asText())
                .containsExactly("emile-sub", "emilie-sub");
        assertThat(emi.body().path("items").get(1).has("email")).isFalse();

        Response accented = api.call(ApiEvents.request(ApiRoute.SEARCH_USERS).as(ann).noQuery().query("q", "émilie d"));
        assertThat(accented.body().path("items")).extracting(i -> i.path("userId").asText()).containsExactly("emilie-sub");

        Response first = api.call(ApiEvents.request(ApiRoute.SEARCH_USERS).as(ann).noQuery().query("q", "em").query("limit", "2"));
        assertThat(first.body().path("items")).hasSize(2);
        Response second = api.call(ApiEvents.request(ApiRoute.SEARCH_USERS).as(ann).noQuery().query("q", "em")
                .query("cursor", first.body().path("nextCursor").asText()));
        assertThat(second.body().path("items")).extracting(i -> i.path("userId").asText()).containsExactly("emma-sub");
        assertThat(second.body().has("nextCursor")).isFalse();
    }

    @Test
    void search_needsTwoToHundredCharacters() {
        for (String q : List.of("e", " é ", "", "x".repeat(101))) {
            Response response = api.call(ApiEvents.request(ApiRoute.SEARCH_USERS).as(ann).noQuery().query("q", q));
            assertThat(response.status()).as("q=%s", q).isEqualTo(400);
            assertThat(response.body().path("errors").get(0).path("field").asText()).isEqualTo("q");
        }
        assertThat(api.call(ApiEvents.request(ApiRoute.SEARCH_USERS).as(ann).noQuery()).status()).isEqualTo(400);
    }

    private List<Map<String, AttributeValue>> edges() {
        return api.scan(tables.usersTable()).stream()
                .filter(item -> item.get("sk").s().startsWith("FOLLOWS#"))
                .toList();
    }
}
