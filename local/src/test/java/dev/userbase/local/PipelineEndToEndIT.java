package dev.userbase.local;

import static dev.userbase.local.testing.StackClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.events.EventContract;
import dev.userbase.local.testing.CliRun;
import dev.userbase.local.testing.LocalStackExtension;
import dev.userbase.local.testing.StackClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;

/**
 * The whole pipeline with the real handlers, through the local stack, as a client meets it: the AWS
 * SDK's Cognito client against cognito-local (whose triggers run the real trigger handlers), the REST
 * API with the tokens it issued, the stream consumers behind the table, and the events they publish,
 * checked against the published schemas of {@code events-schema}. Also the README's CLI walkthrough and
 * an administrator suspending a user (AdminUserGlobalSignOut, which the stack adds to cognito-local).
 */
class PipelineEndToEndIT {

    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final EventContract CONTRACT = EventContract.load();

    @RegisterExtension
    static final LocalStackExtension local = LocalStackExtension.real(WINDOW).requiringAllHandlers();

    @Test
    void twoUsersSignUpSignInAndOneFollowsTheOther_profilesCountsAndEventsAgree() throws Exception {
        String ann = local.client().signUp("ann@example.com", "Passw0rd!", "Ann Example");
        String bob = local.client().signUp("bob@example.com", "Passw0rd!", "Bob Example");
        local.client().confirmWithPrintedCode("ann@example.com");
        local.client().adminConfirm("bob@example.com");
        String annToken = local.client().signIn("ann@example.com", "Passw0rd!");
        String bobToken = local.client().signIn("bob@example.com", "Passw0rd!");

        StackClient.Response me = local.client().api("GET", "/users/me", annToken, null);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("userId").asText()).isEqualTo(ann);
        assertThat(me.json().get("email").asText()).isEqualTo("ann@example.com");
        assertThat(me.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(me.json().get("givenName").asText()).isEqualTo("Ann");
        assertThat(me.json().get("displayName").asText()).isEqualTo("Ann Example");
        assertThat(me.json().get("followingCount").asLong()).isZero();
        StackClient.Response bobSelf = local.client().api("GET", "/users/me", bobToken, null);
        assertThat(bobSelf.json().get("userId").asText()).isEqualTo(bob);

        StackClient.Response follow = local.client().api("POST", "/users/" + bob + "/follow", annToken, null);
        assertThat(follow.status()).isBetween(200, 204);

        JsonNode bobSeenByAnn = eventually(Duration.ofSeconds(20),
                () -> local.client().api("GET", "/users/" + bob, annToken, null).json(),
                profile -> profile.path("followerCount").asLong() == 1);
        assertThat(bobSeenByAnn.get("followingCount").asLong()).isZero();
        assertThat(bobSeenByAnn.has("email")).as("another user's email is not shown").isFalse();
        assertThat(bobSeenByAnn.get("displayName").asText()).isEqualTo("Bob Example");
        JsonNode annNow = local.client().api("GET", "/users/me", annToken, null).json();
        assertThat(annNow.get("followingCount").asLong()).isEqualTo(1);
        assertThat(annNow.get("followerCount").asLong()).isZero();

        Supplier<List<JsonNode>> theirEvents = () -> local.client().events().stream()
                .filter(e -> List.of(ann, bob).contains(e.path("detail").path("userId").asText()))
                .toList();
        List<JsonNode> events = eventually(Duration.ofSeconds(20), theirEvents,
                list -> count(list, "user.created") >= 2 && count(list, "user.followed") >= 1);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.get("source").asText()).isEqualTo("users.service");
            assertThat(CONTRACT.validate(event.get("detail-type").asText(), event.get("detail")))
                    .as("%s against its schema", event.get("detail-type").asText())
                    .isEmpty();
        });
        assertThat(events.stream().filter(e -> type(e).equals("user.created")).map(e -> e.get("detail").get("userId").asText()))
                .containsExactlyInAnyOrder(ann, bob);
        JsonNode followed = events.stream().filter(e -> type(e).equals("user.followed")).findFirst().orElseThrow();
        assertThat(followed.get("detail").get("userId").asText()).isEqualTo(ann);
        assertThat(followed.get("detail").get("data").get("followerId").asText()).isEqualTo(ann);
        assertThat(followed.get("detail").get("data").get("followeeId").asText()).isEqualTo(bob);
        assertThat(events.stream().map(e -> e.get("detail").get("eventId").asText()).distinct().count())
                .as("no event published twice").isEqualTo(events.size());
        List<String> logged = java.nio.file.Files.readAllLines(local.stack().settings().eventsFile()).stream()
                .filter(line -> !line.isBlank()).map(line -> dev.userbase.local.Json.parse(line).get("id").asText()).toList();
        assertThat(logged).as("events.jsonl holds what /_local/events lists")
                .containsAll(events.stream().map(e -> e.get("id").asText()).toList());
        assertThat(local.stack().failures().readAll()).as("nothing in the on-failure destination").isEmpty();
    }

    @Test
    void signUpWithAnEmailTakenInAnotherCase_isRejectedByPreSignUp() {
        local.client().signUp("carol@example.com", "Passw0rd!", "Carol Example");

        assertThatThrownBy(() -> local.client().signUp("Carol@EXAMPLE.com", "Passw0rd!", "Carol Again"))
                .isInstanceOf(UserLambdaValidationException.class)
                .hasMessageContaining("PreSignUp failed with error");
    }

    @Test
    void apiWithoutAValidToken_is401() {
        StackClient.Response response = local.client().api("GET", "/users/me", null, null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(local.client().api("GET", "/users/me", "not.a.jwt", null).status()).isEqualTo(401);
    }

    @Test
    void adminSuspendsAUser_profileSuspendedRefreshTokensRevokedAndEventPublished() {
        String dora = local.client().signUpConfirmed("dora@example.com", "Passw0rd!", "Dora Admin");
        String eve = local.client().signUpConfirmed("eve@example.com", "Passw0rd!", "Eve Example");
        String adminToken = local.client().signInAsAdmin("dora@example.com", "Passw0rd!");
        String eveRefreshToken = local.client().authenticate("eve@example.com", "Passw0rd!").refreshToken();

        StackClient.Response suspended = local.client().api("PUT", "/users/" + eve + "/status", adminToken,
                "{\"status\":\"SUSPENDED\",\"reason\":\"Spam reports\"}");

        assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
        assertThat(suspended.json().get("status").asText()).isEqualTo("SUSPENDED");
        assertThatThrownBy(() -> local.client().cognito().initiateAuth(r -> r.clientId(local.stack().userPool().clientId())
                        .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                        .authParameters(Map.of("REFRESH_TOKEN", eveRefreshToken))))
                .as("refresh tokens revoked").isInstanceOf(NotAuthorizedException.class);
        JsonNode changed = eventually(Duration.ofSeconds(20),
                () -> local.client().events().stream().filter(e -> type(e).equals("user.status.changed")
                        && e.path("detail").path("userId").asText().equals(eve)).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        assertThat(CONTRACT.validate("user.status.changed", changed.get("detail"))).isEmpty();
        assertThat(changed.get("detail").get("data").toString()).contains("SUSPENDED");
        assertThat(dora).isNotEqualTo(eve);
    }

    /**
     * The admin function (Powertools' {@code @Idempotent}, configured through its JVM-wide singleton) and
     * the change stream (Powertools' persistence store of its own) share this JVM and the idempotency
     * table: a repeated request is replayed, and the change stream still publishes the user once.
     */
    @Test
    void adminCreatesAUserTwiceWithOneIdempotencyKey_oneUserAndOneUserCreatedEvent() {
        local.client().signUpConfirmed("fay@example.com", "Passw0rd!", "Fay Admin");
        String adminToken = local.client().signInAsAdmin("fay@example.com", "Passw0rd!");
        String body = "{\"email\":\"gus@example.com\",\"givenName\":\"Gus\",\"familyName\":\"Example\"}";
        Map<String, String> key = Map.of("Idempotency-Key", "e2e-create-gus-0001");

        StackClient.Response first = local.client().api("POST", "/users", adminToken, body, key);
        StackClient.Response repeat = local.client().api("POST", "/users", adminToken, body, key);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(repeat.status()).as(repeat.body()).isEqualTo(201);
        String gus = first.json().get("userId").asText();
        assertThat(repeat.json().get("userId").asText()).isEqualTo(gus);
        StackClient.Response reused = local.client().api("POST", "/users", adminToken,
                body.replace("Gus\"", "Gustav\""), key);
        assertThat(reused.status()).as("the key with another body").isEqualTo(422);
        List<JsonNode> created = eventually(Duration.ofSeconds(20),
                () -> local.client().events().stream().filter(e -> type(e).equals("user.created")
                        && e.path("detail").path("userId").asText().equals(gus)).toList(),
                list -> !list.isEmpty());
        assertThat(CONTRACT.validate("user.created", created.get(0).get("detail"))).isEmpty();
        assertThat(created).hasSize(1);
    }

    @Test
    void cliWalkthrough_signsUpConfirmsWithThePrintedCodeLogsInAndCallsTheApi() throws Exception {
        assertThat(local.cli("signup", "dan@example.com", "Passw0rd!", "Dan Example").status()).isZero();
        assertThat(local.cli("confirm", "dan@example.com").status()).isZero();
        CliRun login = local.cli("login", "dan@example.com", "Passw0rd!");
        assertThat(login.status()).isZero();
        assertThat(login.out().trim()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        // the README's walkthrough sends what the CLI prints: the ID token, the one the API takes
        assertThat(com.nimbusds.jwt.SignedJWT.parse(login.out().trim()).getJWTClaimsSet().getStringClaim("token_use"))
                .isEqualTo("id");
        assertThat(local.cli("token", "dan@example.com").out().trim()).isEqualTo(login.out().trim());

        CliRun me = local.cli("api", "dan@example.com", "GET", "/users/me");
        assertThat(me.err()).contains("HTTP 200");
        assertThat(me.out()).contains("\"email\" : \"dan@example.com\"").contains("\"displayName\" : \"Dan Example\"");

        String dan = dev.userbase.local.Json.parse(me.out()).get("userId").asText();
        eventually(Duration.ofSeconds(20), () -> local.cli("events", "user.created").out(), out -> out.contains(dan));
        CliRun duplicate = local.cli("signup", "DAN@example.com", "Passw0rd!");
        assertThat(duplicate.status()).isEqualTo(1);
        assertThat(duplicate.err()).contains("UserLambdaValidationException").contains("PreSignUp failed with error");
        assertThat(local.cli("bogus").status()).isEqualTo(2);
    }

    private static long count(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type(e).equals(type)).count();
    }

    private static String type(JsonNode event) {
        return event.get("detail-type").asText();
    }
}
