package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.ApiIntegrationTest;
import dev.userbase.api.testing.FakeUserPool;
import dev.userbase.api.testing.Person;
import dev.userbase.api.testing.Response;
import dev.userbase.api.testing.TestApi;
import dev.userbase.api.testing.TestUser;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.ErasedAccount;
import dev.userbase.core.model.IdempotencyLink;
import dev.userbase.core.model.PoolOrphan;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.table.IdempotencyTable;
import dev.userbase.testing.LambdaTestContext;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The admin routes against DynamoDB Local, with a fake Cognito pool. */
class AdminApiIT extends ApiIntegrationTest {

    AdminApiIT() {
        super(Person.ADMIN, Person.BOB);
    }

    @Test
    void createUser_createsCognitoUserProfileAndGuard_andReplaysTheFirstResponse() {
        Response created = api.call(ApiEvents.request(ApiRoute.CREATE_USER).as(admin).header("Idempotency-Key", "key-1")
                .json("{\"email\":\"New.User@Example.com\",\"givenName\":\"New\",\"familyName\":\"User\"}"));

        assertThat(created.status()).isEqualTo(201);
        String userId = created.body().path("userId").asText();
        assertThat(created.header("Location")).isEqualTo("/users/" + userId);
        assertThat(created.body().path("email").asText()).isEqualTo("new.user@example.com");
        assertThat(api.pool.userBySub(userId)).isPresent();
        assertThat(api.services.profiles().find(userId)).isPresent();
        EmailReservation guard = api.services.profiles().find(userId).map(p -> p.email())
                .flatMap(email -> new dev.userbase.core.testing.StoredItems(tables.dynamoDb(), tables.usersTable()).findReservation(email))
                .orElseThrow();
        assertThat(guard.state()).isEqualTo(EmailReservation.State.CONFIRMED);
        assertThat(guard.userId()).isEqualTo(userId);

        List<Map<String, AttributeValue>> before = api.snapshot();
        Response replayed = api.call(ApiEvents.request(ApiRoute.CREATE_USER).as(admin).header("Idempotency-Key", "key-1")
                .json("{\"email\":\"New.User@Example.com\",\"givenName\":\"New\",\"familyName\":\"User\"}"));
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.body()).isEqualTo(created.body());
        assertThat(api.pool.calls("createUser")).hasSize(1);
        assertThat(api.snapshot()).isEqualTo(before);
    }

    @Test
    void createUser_theIdempotencyRecordKeepsTheNewUsersIdOnly_andALinkInTheirPartitionNamesTheRecord() throws Exception {
        Response created = api.call(ApiEvents.request(ApiRoute.CREATE_USER).as(admin).header("Idempotency-Key", "key-5")
                .json("{\"email\":\"nora.quist@example.com\",\"givenName\":\"Nora\",\"familyName\":\"Quist\"}"));
        String userId = created.body().path("userId").asText();

        List<Map<String, AttributeValue>> records = api.scan(tables.idempotencyTable()).stream()
                .filter(r -> r.toString().contains(userId)).toList();
        assertThat(records).hasSize(1);
        Map<String, AttributeValue> record = records.get(0);
        assertThat(dev.userbase.api.http.Json.MAPPER.readTree(record.get("data").s()))
                .isEqualTo(dev.userbase.api.http.Json.MAPPER.createObjectNode().put("userId", userId));
        for (Map<String, AttributeValue> any : api.scan(tables.idempotencyTable())) {
            assertThat(any.toString()).doesNotContain("nora").doesNotContain("Nora").doesNotContain("Quist");
        }
        String recordKey = record.get(IdempotencyTable.PK).s();
        Map<String, AttributeValue> link = tables.item(IdempotencyLink.key(userId, recordKey));
        assertThat(link).as("the erasure finds the record through the link").isNotEmpty();
        assertThat(link.get(IdempotencyLink.EXPIRES_AT)).isEqualTo(record.get(IdempotencyTable.TTL_ATTRIBUTE));

        // the replay renders the profile as it is now, from the id the record kept
        Response suspended = api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id(userId)
                .json("{\"status\":\"SUSPENDED\",\"reason\":\"testing the replay\"}"));
        assertThat(suspended.status()).isEqualTo(200);
        Response replayed = api.call(ApiEvents.request(ApiRoute.CREATE_USER).as(admin).header("Idempotency-Key", "key-5")
                .json("{\"email\":\"nora.quist@example.com\",\"givenName\":\"Nora\",\"familyName\":\"Quist\"}"));
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.body().path("userId").asText()).isEqualTo(userId);
        assertThat(replayed.body().path("email").asText()).isEqualTo("nora.quist@example.com");
        assertThat(replayed.body().path("status").asText()).isEqualTo("SUSPENDED");
        assertThat(api.pool.calls("createUser")).hasSize(1);
    }

    @Test
    void createUser_sameKeyDifferentBody_is422_andMissingKey_is400() {
        api.call(ApiEvents.request(ApiRoute.CREATE_USER).as(admin).header("Idempotency-Key", "key-2")
                .json("{\"email\":\"one@example.com\"}"));
        List<Map<String, AttributeValue>> before = api.snapshot();

        Response reused = api.call(ApiEvents.request(ApiRoute.CREATE_USER).as(admin).header("Idempotency-Key", "key-2")
                .json("{\"email\":\"two@example.com\"}"));
        Response missing = api.call(ApiEvents.request(ApiRoute.CREATE_USER).as(admin).header("Idempotency-Key", null)
                .json("{\"email\":\"two@example.com\"}"));

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.problemType()).isEqualTo("idempotency-key-reused");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().path("errors").get(0).path("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(api.snapshot()).isEqualTo(before);
    }

    @Test
    void createUser_existingEmail_is409() {
        Response response = api.call(ApiEvents.request(ApiRoute.CREATE_USER).as(admin).header("Idempotency-Key", "key-3")
                .json("{\"email\":\"bob@example.com\"}"));
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.problemType()).isEqualTo("email-taken");
    }

    /**
     * The address is free in Cognito but reserved by Bob's pending email change: the Cognito user just
     * created cannot get a profile. It is disabled, never deleted here (the API holds no AdminDeleteUser),
     * and marked for the change stream to delete; a retry once the address is free finishes and enables it.
     */
    @Test
    void createUser_whoseAddressAnotherAccountHolds_disablesAndMarksTheCognitoUser_andARetryFinishesIt() {
        assertThat(api.call(ApiEvents.request(ApiRoute.REQUEST_EMAIL_CHANGE).as(bob)
                .json("{\"email\":\"wanted@example.com\"}")).status()).isEqualTo(202);

        Response refused = api.call(ApiEvents.request(ApiRoute.CREATE_USER).as(admin).header("Idempotency-Key", "key-6")
                .json("{\"email\":\"wanted@example.com\",\"givenName\":\"Wanda\"}"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.problemType()).isEqualTo("email-taken");
        var orphan = api.pool.findByEmail("wanted@example.com").orElseThrow();
        assertThat(orphan.enabled()).as("cannot sign in with the invitation").isFalse();
        assertThat(api.pool.calls("deleteUser")).isEmpty();
        Map<String, AttributeValue> marker = tables.item(PoolOrphan.key(orphan.sub()));
        assertThat(PoolOrphan.fromItem(marker)).isEqualTo(new PoolOrphan(orphan.sub(), orphan.userName(),
                api.clock.instant()));
        assertThat(marker.get(PoolOrphan.EXPIRES_AT).n()).as("expired at once: TTL hands it to the change stream")
                .isEqualTo(String.valueOf(api.clock.instant().getEpochSecond()));
        assertThat(api.services.profiles().find(orphan.sub())).isEmpty();

        // Bob's change expires; the administrator tries again
        tables.dynamoDb().deleteItem(b -> b.tableName(tables.usersTable()).key(EmailReservation.key("wanted@example.com")));
        Response created = api.call(ApiEvents.request(ApiRoute.CREATE_USER).as(admin).header("Idempotency-Key", "key-7")
                .json("{\"email\":\"wanted@example.com\",\"givenName\":\"Wanda\"}"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("userId").asText()).isEqualTo(orphan.sub());
        assertThat(api.pool.findByEmail("wanted@example.com").orElseThrow().enabled()).isTrue();
    }

    @Test
    void createUser_afterAFailureBetweenCognitoAndProfile_sameKeyFinishesIt() {
        // the first attempt creates the Cognito user, then the provisioner is unavailable
        ApiServices broken = ApiServices.builder(tables.dynamoDb(), api.services.config(), api.clock)
                .cursors(dev.userbase.core.paging.CursorCodec.withKeys(List.of(TestApi.CURSOR_KEY)))
                .userPool(api.pool)
                .provisioning((account, context) -> {
                    throw new dev.userbase.core.error.UserServiceException(
                            dev.userbase.core.error.ErrorKind.UNAVAILABLE, "DynamoDB is unavailable");
                })
                .build();
        AdminApiHandler brokenHandler = new AdminApiHandler(broken);
        Response failed = Response.of(brokenHandler.handleRequest(ApiEvents.request(ApiRoute.CREATE_USER).as(admin)
                .header("Idempotency-Key", "key-4").json("{\"email\":\"late@example.com\"}").build(),
                new LambdaTestContext()));
        assertThat(failed.status()).isEqualTo(503);
        assertThat(api.pool.findByEmail("late@example.com")).isPresent();

        Response retried = api.call(ApiEvents.request(ApiRoute.CREATE_USER).as(admin).header("Idempotency-Key", "key-4")
                .json("{\"email\":\"late@example.com\"}"));

        assertThat(retried.status()).isEqualTo(201);
        String userId = retried.body().path("userId").asText();
        assertThat(userId).isEqualTo(api.pool.findByEmail("late@example.com").orElseThrow().sub());
        assertThat(api.services.profiles().find(userId)).isPresent();
    }

    @Test
    void setStatus_suspend_writesReasonAndSignsTheUserOutEverywhere() {
        Response response = api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id("bob-sub")
                .json("{\"status\":\"SUSPENDED\",\"reason\":\"Spam reports\"}"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("status").asText()).isEqualTo("SUSPENDED");
        assertThat(response.body().path("statusReason").asText()).isEqualTo("Spam reports");
        assertThat(api.pool.signOuts("bob-sub")).isEqualTo(1);
        UserProfile profile = api.services.profiles().find("bob-sub").orElseThrow();
        assertThat(profile.status()).isEqualTo(UserStatus.SUSPENDED);
        assertThat(profile.version()).isEqualTo(2);
        Response search = api.call(ApiEvents.request(ApiRoute.SEARCH_USERS).as(admin).noQuery().query("q", "bob"));
        assertThat(search.body().path("items")).isEmpty();
        // a suspended user can no longer change anything
        Response write = api.call(ApiEvents.request(ApiRoute.PUT_ME).as(bob).header("If-Match", null).json("{\"givenName\":\"B\"}"));
        assertThat(write.status()).isEqualTo(403);
    }

    @Test
    void setStatus_whenCognitoFails_is503_andRepeatingFinishesIt() {
        api.pool.fail("signOut", 3, FakeUserPool.transientFailure());

        Response failed = api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id("bob-sub")
                .json("{\"status\":\"SUSPENDED\",\"reason\":\"Spam\"}"));
        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.header("Retry-After")).isEqualTo("1");
        assertThat(api.services.profiles().find("bob-sub").orElseThrow().status()).isEqualTo(UserStatus.SUSPENDED);
        assertThat(api.pool.signOuts("bob-sub")).isZero();

        Response repeated = api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id("bob-sub")
                .json("{\"status\":\"SUSPENDED\",\"reason\":\"Spam\"}"));
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(api.pool.signOuts("bob-sub")).isEqualTo(1);
        assertThat(api.services.profiles().find("bob-sub").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void setStatus_deletedDisables_activeReenables_andOwnStatusIsRefused() {
        api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id("bob-sub").json("{\"status\":\"DELETED\",\"reason\":\"Request\"}"));
        assertThat(api.pool.user("bob-sub").orElseThrow().enabled()).isFalse();
        api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id("bob-sub").json("{\"status\":\"ACTIVE\",\"reason\":\"Restored\"}"));
        assertThat(api.pool.user("bob-sub").orElseThrow().enabled()).isTrue();
        assertThat(api.call(ApiEvents.request(ApiRoute.SEARCH_USERS).as(admin).noQuery().query("q", "bob"))
                .body().path("items")).hasSize(1);

        Response own = api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id("me").json("{\"status\":\"SUSPENDED\",\"reason\":\"x\"}"));
        assertThat(own.status()).isEqualTo(400);
        Response invalid = api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id("bob-sub").json("{\"status\":\"GONE\"}"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().path("errors")).extracting(e -> e.path("field").asText()).containsExactlyInAnyOrder("status", "reason");
        Response missing = api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id("nobody").json("{\"status\":\"ACTIVE\",\"reason\":\"x\"}"));
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void roles_haveSetSemantics() {
        Response assigned = api.call(ApiEvents.request(ApiRoute.ASSIGN_ROLE).as(admin).id("bob-sub").role("editor"));
        Response again = api.call(ApiEvents.request(ApiRoute.ASSIGN_ROLE).as(admin).id("bob-sub").role("editor"));
        api.call(ApiEvents.request(ApiRoute.ASSIGN_ROLE).as(admin).id("bob-sub").role("moderator"));

        assertThat(assigned.status()).isEqualTo(200);
        assertThat(again.body().path("roles")).extracting(r -> r.asText()).containsExactly("editor");
        UserProfile profile = api.services.profiles().find("bob-sub").orElseThrow();
        assertThat(profile.roles()).containsExactlyInAnyOrder("editor", "moderator");
        assertThat(profile.version()).isEqualTo(3); // the repeat changed nothing

        Response removed = api.call(ApiEvents.request(ApiRoute.REMOVE_ROLE).as(admin).id("bob-sub").role("editor"));
        Response removedAgain = api.call(ApiEvents.request(ApiRoute.REMOVE_ROLE).as(admin).id("bob-sub").role("editor"));
        api.call(ApiEvents.request(ApiRoute.REMOVE_ROLE).as(admin).id("bob-sub").role("moderator"));
        assertThat(removed.body().path("roles")).extracting(r -> r.asText()).containsExactly("moderator");
        assertThat(removedAgain.status()).isEqualTo(200);
        assertThat(api.services.profiles().find("bob-sub").orElseThrow().roles()).isEmpty();

        assertThat(api.call(ApiEvents.request(ApiRoute.ASSIGN_ROLE).as(admin).id("bob-sub").role("Bad Role")).status()).isEqualTo(400);
        assertThat(api.call(ApiEvents.request(ApiRoute.ASSIGN_ROLE).as(admin).id("nobody").role("editor")).status()).isEqualTo(404);
    }

    @Test
    void listUsers_byStatus_newestFirst_paginated() {
        api.clock.advance(Duration.ofMinutes(1));
        api.user("carl-sub", "carl@example.com", "Carl");
        api.clock.advance(Duration.ofMinutes(1));
        api.user("dora-sub", "dora@example.com", "Dora");
        api.setStatus("dora-sub", UserStatus.SUSPENDED);

        Response first = api.call(ApiEvents.request(ApiRoute.LIST_USERS).as(admin).noQuery().query("limit", "2"));
        assertThat(first.body().path("items")).extracting(i -> i.path("userId").asText()).containsExactly("carl-sub", "bob-sub");
        Response second = api.call(ApiEvents.request(ApiRoute.LIST_USERS).as(admin).noQuery().query("limit", "2")
                .query("cursor", first.body().path("nextCursor").asText()));
        assertThat(second.body().path("items")).extracting(i -> i.path("userId").asText()).containsExactly("admin-sub");
        assertThat(second.body().has("nextCursor")).isFalse();

        Response suspended = api.call(ApiEvents.request(ApiRoute.LIST_USERS).as(admin).noQuery().query("status", "SUSPENDED"));
        assertThat(suspended.body().path("items")).extracting(i -> i.path("email").asText()).containsExactly("dora@example.com");
        Response wrongList = api.call(ApiEvents.request(ApiRoute.LIST_USERS).as(admin).noQuery().query("status", "SUSPENDED")
                .query("cursor", first.body().path("nextCursor").asText()));
        assertThat(wrongList.status()).isEqualTo(400);
        assertThat(api.call(ApiEvents.request(ApiRoute.LIST_USERS).as(admin).noQuery().query("status", "active")).status()).isEqualTo(400);
    }

    @Test
    void audit_isNewestFirst_andPaginated() {
        Instant t0 = Instant.parse("2026-11-20T08:00:00Z");
        for (int i = 0; i < 5; i++) {
            api.put(new AuditEntry("bob-sub", t0.plusSeconds(i * 60L), "evt-" + i, "user.profile.updated", "bob-sub",
                    List.of("displayName"), null).toItem());
        }
        api.put(new AuditEntry("other-sub", t0, "evt-x", "user.created", "system:test", List.of(), null).toItem());

        List<Response> pages = api.pages(() -> ApiEvents.request(ApiRoute.GET_AUDIT).as(admin).id("bob-sub").noQuery()
                .query("limit", "2"), 10);

        assertThat(pages).allSatisfy(page -> assertThat(page.status()).isEqualTo(200));
        assertThat(pages).flatExtracting(page -> page.itemValues("eventId"))
                .containsExactly("evt-4", "evt-3", "evt-2", "evt-1", "evt-0");
        Response one = api.call(ApiEvents.request(ApiRoute.GET_AUDIT).as(admin).id("bob-sub").noQuery().query("limit", "1"));
        assertThat(one.body().path("items").get(0).path("changedFields").get(0).asText()).isEqualTo("displayName");
        assertThat(one.body().path("items").get(0).path("occurredAt").asText()).isEqualTo("2026-11-20T08:04:00.000Z");
    }

    /** Admin reads, as the routes the admin function serves without writing (the first page of each). */
    private static List<ApiEvents.Builder> adminReads(TestUser caller) {
        return List.of(
                ApiEvents.request(ApiRoute.LIST_USERS).as(caller).noQuery(),
                ApiEvents.request(ApiRoute.GET_AUDIT).as(caller).id("bob-sub").noQuery(),
                ApiEvents.request(ApiRoute.EXPORT_USER).as(caller).id("bob-sub").noQuery());
    }

    @Test
    void anAdministratorWhoseTokenOutlivedTheirErasure_isRefusedEveryAdminRead_andNothingIsWritten() {
        TestUser erased = TestUser.admin("erin-sub", "erin@example.com");
        api.put(ErasedAccount.item("erin-sub", api.clock.instant().minusSeconds(60)));
        List<Map<String, AttributeValue>> before = api.snapshot();

        for (ApiEvents.Builder read : adminReads(erased)) {
            Response response = api.call(read);
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(response.problemType()).isEqualTo("forbidden");
        }
        assertThat(api.snapshot()).isEqualTo(before);
    }

    @Test
    void anAdministratorWithoutAProfile_mayRead_andTheReadCreatesNoProfile() {
        TestUser newcomer = TestUser.admin("nia-sub", "nia@example.com");

        Response list = api.call(ApiEvents.request(ApiRoute.LIST_USERS).as(newcomer).noQuery());
        Response audit = api.call(ApiEvents.request(ApiRoute.GET_AUDIT).as(newcomer).id("bob-sub").noQuery());

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().path("items").findValuesAsText("userId")).contains("bob-sub");
        assertThat(audit.status()).isEqualTo(200);
        assertThat(api.services.profiles().find("nia-sub")).as("a read provisions nobody").isEmpty();
    }

    @Test
    void aDeletedAdministrator_isRefusedEveryAdminRead_withAProblemThatSaysWhy() {
        api.setStatus("admin-sub", UserStatus.DELETED);

        for (ApiEvents.Builder read : adminReads(admin)) {
            Response response = api.call(read);
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(response.body().path("detail").asText()).isEqualTo(
                    "This account has been deleted and cannot administer users");
        }
    }

    @Test
    void setStatus_withIfMatch_writesOnlyAtThatVersion_andAChangeInPlaceIsASuccess() {
        Response stale = api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id("bob-sub").ifMatch(7)
                .json("{\"status\":\"SUSPENDED\",\"reason\":\"Spam\"}"));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.problemType()).isEqualTo("precondition-failed");
        assertThat(api.services.profiles().find("bob-sub").orElseThrow().status()).isEqualTo(UserStatus.ACTIVE);
        Response garbage = api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id("bob-sub")
                .header("If-Match", "garbage").json("{\"status\":\"SUSPENDED\",\"reason\":\"Spam\"}"));
        assertThat(garbage.status()).isEqualTo(400);

        Response matched = api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id("bob-sub").ifMatch(1)
                .json("{\"status\":\"SUSPENDED\",\"reason\":\"Spam\"}"));
        assertThat(matched.status()).isEqualTo(200);
        assertThat(matched.header("ETag")).isEqualTo("\"2\"");
        Response repeated = api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id("bob-sub").ifMatch(1)
                .json("{\"status\":\"SUSPENDED\",\"reason\":\"Spam\"}"));
        assertThat(repeated.status()).as("the change is in place: a repeat succeeds").isEqualTo(200);
        assertThat(repeated.header("ETag")).isEqualTo("\"2\"");
        Response other = api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id("bob-sub").ifMatch(1)
                .json("{\"status\":\"ACTIVE\",\"reason\":\"Appeal\"}"));
        assertThat(other.status()).isEqualTo(412);
    }
}
