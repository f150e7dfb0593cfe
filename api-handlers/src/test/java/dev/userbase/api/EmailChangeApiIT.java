package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.ApiIntegrationTest;
import dev.userbase.api.testing.FakeUserPool;
import dev.userbase.api.testing.Person;
import dev.userbase.api.testing.Response;
import dev.userbase.api.testing.TestApi;
import dev.userbase.api.testing.TestUser;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.emailchange.EmailChangeMessage;
import dev.userbase.core.emailchange.EmailChangeService;
import dev.userbase.core.error.ConflictException;
import dev.userbase.core.model.ChangeToken;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.testing.StoredItems;
import dev.userbase.testing.LambdaTestContext;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Email change against DynamoDB Local with a fake Cognito pool, including Cognito failing between
 * the table commit and the end: the change must finish (never half-apply), or be undone whole.
 */
class EmailChangeApiIT extends ApiIntegrationTest {

    EmailChangeApiIT() {
        super(Person.ANN);
    }

    private StoredItems repository;

    @BeforeEach
    void setUp() {
        repository = tables.items();
    }

    @Test
    void request_reservesTheAddress_storesOnlyTheTokenHash_andSendsTheTokenToTheNewAddress() {
        Response response = request(ann, "Ann.New@Example.com");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body().path("pendingEmail").asText()).isEqualTo("ann.new@example.com");
        assertThat(response.body().path("expiresAt").asText()).isEqualTo("2026-11-24T10:00:00.000Z");
        EmailChangeMessage message = onlyMessage();
        assertThat(message.to()).isEqualTo("ann.new@example.com");
        assertThat(response.body().toString()).doesNotContain(message.token());
        assertThat(api.scan(tables.usersTable()).toString()).doesNotContain(message.token());
        EmailReservation guard = repository.findReservation("ann.new@example.com").orElseThrow();
        assertThat(guard.state()).isEqualTo(EmailReservation.State.PENDING);
        assertThat(guard.purpose()).isEqualTo(EmailReservation.Purpose.EMAIL_CHANGE);
        assertThat(guard.userId()).isEqualTo("ann-sub");
        assertThat(guard.expiresAt()).isEqualTo(api.clock.instant().plus(Duration.ofHours(24)));
        Optional<ChangeToken> token = repository.get(
                ChangeToken.key("ann-sub", ChangeToken.Kind.EMAIL_CHANGE, ChangeToken.hash(message.token())), ChangeToken::fromItem);
        assertThat(token).map(ChangeToken::newEmail).contains("ann.new@example.com");
        assertThat(profile().pendingEmail()).isEqualTo("ann.new@example.com");
        assertThat(profile().email()).isEqualTo("ann@example.com");
    }

    @Test
    void confirm_swapsGuardsProfileEmailAndCognito() {
        request(ann, "ann.new@example.com");

        Response response = confirm(ann, onlyMessage().token());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("email").asText()).isEqualTo("ann.new@example.com");
        assertThat(response.body().has("pendingEmail")).isFalse();
        assertChangeToNewAddressIsWhole();
        EmailReservation guard = repository.findReservation("ann.new@example.com").orElseThrow();
        assertThat(guard.state()).isEqualTo(EmailReservation.State.CONFIRMED);
        assertThat(guard.expiresAt()).isNull();
        // a repeated confirmation is answered, and changes nothing
        List<Map<String, AttributeValue>> before = api.snapshot();
        assertThat(confirm(ann, onlyMessage().token()).status()).isEqualTo(200);
        assertThat(api.snapshot()).isEqualTo(before);
    }

    @Test
    void confirm_whenCognitoFailsTransiently_is503_holdsBothAddresses_andTheRetryFinishes() {
        confirmWhileCognitoFails();

        // decided in the table, Cognito behind: both guards are Ann's, so nobody can take either address
        assertThat(profile().email()).isEqualTo("ann.new@example.com");
        assertThat(profileItem().get(EmailChangeService.SYNC_FROM).s()).isEqualTo("ann@example.com");
        assertThat(repository.findReservation("ann@example.com").map(EmailReservation::userId)).contains("ann-sub");
        assertThat(repository.findReservation("ann.new@example.com").map(EmailReservation::state))
                .contains(EmailReservation.State.CONFIRMED);
        assertThat(api.pool.user("ann-sub").orElseThrow().email()).isEqualTo("ann@example.com");
        TestUser eve = api.user("eve-sub", "eve@example.com", "Eve");
        assertThat(request(eve, "ann@example.com").status()).isEqualTo(409);

        Response retried = confirm(ann, onlyMessage().token());

        assertThat(retried.status()).isEqualTo(200);
        assertChangeToNewAddressIsWhole();
    }

    @Test
    void getMe_finishesAChangeWhoseCognitoStepFailed() {
        confirmWhileCognitoFails();

        Response me = api.call(ApiEvents.request(ApiRoute.GET_ME).as(ann));

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().path("email").asText()).isEqualTo("ann.new@example.com");
        assertChangeToNewAddressIsWhole();
    }

    @Test
    void confirm_whenCognitoRefusesTheAddress_undoesEverything_and409() {
        request(ann, "ann.new@example.com");
        api.pool.fail("setEmail", 1, new ConflictException("alias exists"));

        Response response = confirm(ann, onlyMessage().token());

        assertThat(response.status()).isEqualTo(409);
        UserProfile profile = profile();
        assertThat(profile.email()).isEqualTo("ann@example.com");
        assertThat(profileItem()).doesNotContainKey(EmailChangeService.SYNC_FROM);
        assertThat(repository.findReservation("ann@example.com").map(EmailReservation::state))
                .contains(EmailReservation.State.CONFIRMED);
        assertThat(repository.findReservation("ann.new@example.com")).isEmpty();
        assertThat(api.pool.user("ann-sub").orElseThrow().email()).isEqualTo("ann@example.com");
    }

    @Test
    void request_forAnAddressAnotherUserHolds_is409_andWritesNothing() {
        api.user("bob-sub", "bob@example.com", "Bob");
        List<Map<String, AttributeValue>> before = api.snapshot();

        Response response = request(ann, "BOB@example.com");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.problemType()).isEqualTo("email-taken");
        assertThat(api.snapshot()).isEqualTo(before);
        assertThat(api.outbox).isEmpty();
    }

    @Test
    void request_invalidOrOwnAddress_is400() {
        assertThat(request(ann, "not an email").status()).isEqualTo(400);
        assertThat(request(ann, "ann@example.com").status()).isEqualTo(400);
        assertThat(api.call(ApiEvents.request(ApiRoute.REQUEST_EMAIL_CHANGE).as(ann).json("{\"email\":\"a@b.co\",\"x\":1}"))
                .status()).isEqualTo(400);
        assertThat(api.outbox).isEmpty();
    }

    @Test
    void request_forAnAddressThePolicyRefuses_is400_andWritesNothing() {
        ApiServices strict = ApiServices.builder(tables.dynamoDb(), api.services.config(), api.clock)
                .cursors(dev.userbase.core.paging.CursorCodec.withKeys(List.of(TestApi.CURSOR_KEY)))
                .userPool(api.pool).delivery(api.outbox::add).provisioning(api.provisioning)
                .emailPolicy(address -> {
                    if (address.domain().endsWith("blocked.example")) {
                        throw dev.userbase.core.error.InvalidInputException.forField("email", "not open");
                    }
                })
                .build();
        SelfApiHandler handler = new SelfApiHandler(strict);
        List<Map<String, AttributeValue>> before = api.snapshot();

        Response refused = Response.of(handler.handleRequest(ApiEvents.request(ApiRoute.REQUEST_EMAIL_CHANGE).as(ann)
                .json("{\"email\":\"ann@mail.blocked.example\"}").build(), new LambdaTestContext()));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("errors").get(0).path("field").asText()).isEqualTo("email");
        assertThat(api.snapshot()).isEqualTo(before);
        assertThat(api.outbox).isEmpty();
    }

    @Test
    void request_again_forAnotherAddress_releasesTheFirst_andOnlyTheLatestTokenConfirms() {
        request(ann, "first@example.com");
        String firstToken = api.outbox.get(0).token();
        request(ann, "second@example.com");
        String secondToken = api.outbox.get(1).token();

        assertThat(repository.findReservation("first@example.com")).isEmpty();
        assertThat(confirm(ann, firstToken).status()).isEqualTo(409);
        assertThat(confirm(ann, secondToken).status()).isEqualTo(200);
        assertThat(profile().email()).isEqualTo("second@example.com");
    }

    @Test
    void confirm_withUnknownExpiredOrAnotherUsersToken_is400() {
        request(ann, "ann.new@example.com");
        String token = onlyMessage().token();
        TestUser bob = api.user("bob-sub", "bob@example.com", "Bob");

        assertThat(confirm(bob, token).status()).isEqualTo(400);
        assertThat(confirm(ann, "A".repeat(43)).status()).isEqualTo(400);
        assertThat(confirm(ann, "short").status()).isEqualTo(400);
        api.clock.advance(Duration.ofHours(24));
        Response expired = confirm(ann, token);
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.body().path("errors").get(0).path("field").asText()).isEqualTo("token");
        assertThat(profile().email()).isEqualTo("ann@example.com");
    }

    private Response request(TestUser user, String email) {
        return api.call(ApiEvents.request(ApiRoute.REQUEST_EMAIL_CHANGE).as(user)
                .json("{\"email\":\"" + email + "\"}"));
    }

    private Response confirm(TestUser user, String token) {
        return api.call(ApiEvents.request(ApiRoute.CONFIRM_EMAIL_CHANGE).as(user)
                .json("{\"token\":\"" + token + "\"}"));
    }

    /** Ann asks for ann.new@example.com and confirms it while Cognito fails transiently: 503. */
    private void confirmWhileCognitoFails() {
        request(ann, "ann.new@example.com");
        api.pool.fail("setEmail", 3, FakeUserPool.transientFailure());
        assertThat(confirm(ann, onlyMessage().token()).status()).isEqualTo(503);
    }

    /** Ann's change to ann.new@example.com is whole: Cognito has it, her old address is free, nothing is left to sync. */
    private void assertChangeToNewAddressIsWhole() {
        assertThat(api.pool.user("ann-sub").orElseThrow().email()).isEqualTo("ann.new@example.com");
        assertThat(repository.findReservation("ann@example.com")).isEmpty();
        assertThat(profileItem()).doesNotContainKey(EmailChangeService.SYNC_FROM);
    }

    private EmailChangeMessage onlyMessage() {
        assertThat(api.outbox).hasSize(1);
        return api.outbox.get(0);
    }

    private UserProfile profile() {
        return api.services.profiles().find("ann-sub").orElseThrow();
    }

    private Map<String, AttributeValue> profileItem() {
        return tables.item(UserProfile.key("ann-sub"));
    }
}
