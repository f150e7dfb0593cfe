package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.ApiIntegrationTest;
import dev.userbase.api.testing.Person;
import dev.userbase.api.testing.Response;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.privacy.AccountErasure;
import dev.userbase.core.model.ErasureRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The API's side of erasure against the embedded engine: DELETE /users/me starts the grace period
 * (a PENDING tombstone whose TTL is its end), an admin can restore within it and not after, and
 * erase at once (an ERASING tombstone, whatever the status). The erasing itself is the change
 * stream's (stream-handlers' ErasureIT).
 */
class ErasureApiIT extends ApiIntegrationTest {

    ErasureApiIT() {
        super(Person.ANN, Person.ADMIN);
    }

    @Test
    void deleteMe_startsAGracePeriodOf30Days_withAPendingTombstone_andRepeatingKeepsIt() {
        Instant deletedAt = api.clock.instant();
        assertThat(api.call(ApiEvents.request(ApiRoute.DELETE_ME).as(ann)).status()).isEqualTo(204);

        ErasureRequest tombstone = tombstone(ann.sub());
        assertThat(tombstone.state()).isEqualTo(ErasureRequest.State.PENDING);
        assertThat(tombstone.graceEndsAt()).isEqualTo(deletedAt.plus(AccountErasure.DEFAULT_GRACE));
        assertThat(tombstone.userName()).isEqualTo(ann.userName());
        assertThat(tombstone.email()).isEqualTo("ann@example.com");
        assertThat(tombstone.requestedBy()).isEqualTo(ann.sub());
        assertThat(api.services.profiles().find(ann.sub()).orElseThrow().status()).isEqualTo(UserStatus.DELETED);
        assertThat(api.pool.user(ann.userName()).orElseThrow().enabled()).isFalse();

        api.clock.advance(Duration.ofDays(2));
        assertThat(api.call(ApiEvents.request(ApiRoute.DELETE_ME).as(ann)).status()).isEqualTo(204);
        assertThat(tombstone(ann.sub())).as("the grace period runs from the first deletion").isEqualTo(tombstone);
    }

    @Test
    void restore_withinTheGracePeriod_reactivatesTheAccount_andRemovesTheTombstone() {
        api.call(ApiEvents.request(ApiRoute.DELETE_ME).as(ann));
        api.clock.advance(Duration.ofDays(29));

        Response restored = api.call(ApiEvents.request(ApiRoute.RESTORE_USER).as(admin).id(ann.sub()));

        assertThat(restored.status()).isEqualTo(200);
        assertThat(restored.body().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(tables.item(ErasureRequest.key(ann.sub()))).isEmpty();
        assertThat(api.pool.user(ann.userName()).orElseThrow().enabled()).isTrue();
        Response again = api.call(ApiEvents.request(ApiRoute.RESTORE_USER).as(admin).id(ann.sub()));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void restore_afterTheGracePeriod_orOnceErasing_is409_andChangesNothing() {
        api.call(ApiEvents.request(ApiRoute.DELETE_ME).as(ann));
        api.clock.advance(Duration.ofDays(31)); // DynamoDB has not deleted the tombstone yet: TTL is lazy

        Response late = api.call(ApiEvents.request(ApiRoute.RESTORE_USER).as(admin).id(ann.sub()));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.problemType()).isEqualTo("conflict");
        assertThat(tombstone(ann.sub()).state()).isEqualTo(ErasureRequest.State.PENDING);
        assertThat(api.services.profiles().find(ann.sub()).orElseThrow().status()).isEqualTo(UserStatus.DELETED);

        assertThat(api.call(ApiEvents.request(ApiRoute.ERASE_USER).as(admin).id(ann.sub())).status()).isEqualTo(202);
        List<Map<String, AttributeValue>> before = api.snapshot();
        Response erasing = api.call(ApiEvents.request(ApiRoute.RESTORE_USER).as(admin).id(ann.sub()));
        assertThat(erasing.status()).isEqualTo(409);
        assertThat(api.snapshot()).isEqualTo(before);
    }

    @Test
    void erase_ofASuspendedUser_writesAnErasingTombstone_andRepeatingResumesIt() {
        api.setStatus(ann.sub(), UserStatus.SUSPENDED);

        Response erased = api.call(ApiEvents.request(ApiRoute.ERASE_USER).as(admin).id(ann.sub()));

        assertThat(erased.status()).isEqualTo(202);
        assertThat(erased.body().path("erasure").asText()).isEqualTo("ERASING");
        ErasureRequest tombstone = tombstone(ann.sub());
        assertThat(tombstone.state()).isEqualTo(ErasureRequest.State.ERASING);
        assertThat(tombstone.userName()).isEqualTo(ann.userName());
        assertThat(tombstone.requestedBy()).isEqualTo(admin.sub());
        assertThat(tables.item(ErasureRequest.key(ann.sub()))).doesNotContainKey(ErasureRequest.EXPIRES_AT);

        assertThat(api.call(ApiEvents.request(ApiRoute.ERASE_USER).as(admin).id(ann.sub())).status()).isEqualTo(202);
        assertThat(tombstone(ann.sub()).round()).as("a repeat writes the next round").isEqualTo(1);
        assertThat(api.pool.calls("deleteUser")).as("the API never deletes the Cognito user").isEmpty();
    }

    @Test
    void erase_refusesUnknownUsers_oneself_andNonAdmins() {
        Response unknown = api.call(ApiEvents.request(ApiRoute.ERASE_USER).as(admin).id("nobody"));
        assertThat(unknown.status()).isEqualTo(404);
        Response self = api.call(ApiEvents.request(ApiRoute.ERASE_USER).as(admin).id(admin.sub()));
        assertThat(self.status()).isEqualTo(400);
        Response notAdmin = api.call(ApiEvents.request(ApiRoute.ERASE_USER).as(ann).id(admin.sub()));
        assertThat(notAdmin.status()).isEqualTo(403);
        Response restoreNotDeleted = api.call(ApiEvents.request(ApiRoute.RESTORE_USER).as(admin).id(ann.sub()));
        assertThat(restoreNotDeleted.status()).as("an ACTIVE user is restored already").isEqualTo(200);
        assertThat(tables.item(ErasureRequest.key(admin.sub()))).isEmpty();
        assertThat(tables.item(ErasureRequest.key("nobody"))).isEmpty();
    }

    @Test
    void statusAndRoles_ofAUserBeingErased_are409_andChangeNothing() {
        assertThat(api.call(ApiEvents.request(ApiRoute.ERASE_USER).as(admin).id(ann.sub())).status()).isEqualTo(202);
        List<Map<String, AttributeValue>> before = api.snapshot();

        List<Response> refused = List.of(
                api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id(ann.sub())
                        .json("{\"status\":\"ACTIVE\",\"reason\":\"back\"}")),
                api.call(ApiEvents.request(ApiRoute.ASSIGN_ROLE).as(admin).id(ann.sub()).role("editor")),
                api.call(ApiEvents.request(ApiRoute.REMOVE_ROLE).as(admin).id(ann.sub()).role("editor")));

        assertThat(refused).allSatisfy(response -> {
            assertThat(response.status()).as(response.toString()).isEqualTo(409);
            assertThat(response.body().path("detail").asText()).contains("being erased");
        });
        assertThat(api.snapshot()).isEqualTo(before);
        assertThat(api.pool.calls("enable")).isEmpty();
    }

    @Test
    void status_otherThanDeleted_ofAUserInTheirGracePeriod_is409_pointingToRestore() {
        assertThat(api.call(ApiEvents.request(ApiRoute.DELETE_ME).as(ann)).status()).isEqualTo(204);
        List<Map<String, AttributeValue>> before = api.snapshot();

        for (String status : List.of("ACTIVE", "SUSPENDED")) {
            Response response = api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id(ann.sub())
                    .json("{\"status\":\"" + status + "\",\"reason\":\"back\"}"));
            assertThat(response.status()).as(status).isEqualTo(409);
            assertThat(response.body().path("detail").asText()).contains("/users/" + ann.sub() + "/restore");
        }
        assertThat(api.snapshot()).as("the tombstone and the profile are as they were").isEqualTo(before);

        Response restored = api.call(ApiEvents.request(ApiRoute.RESTORE_USER).as(admin).id(ann.sub()));
        assertThat(restored.status()).isEqualTo(200);
        assertThat(api.call(ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id(ann.sub())
                .json("{\"status\":\"SUSPENDED\",\"reason\":\"after restore\"}")).status()).isEqualTo(200);
    }

    private ErasureRequest tombstone(String userId) {
        return ErasureRequest.fromItem(tables.item(ErasureRequest.key(userId)));
    }
}
