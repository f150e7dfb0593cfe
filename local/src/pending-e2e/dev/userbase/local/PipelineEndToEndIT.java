package dev.userbase.local;

import static dev.userbase.local.testing.StackClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.events.EventContract;
import dev.userbase.local.testing.StackClient;
import dev.userbase.local.testing.StackFixtures;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;

/**
 * The whole pipeline with the real handlers, through the local stack, as a client meets it: the AWS
 * SDK's Cognito client against cognito-local (whose triggers run the real trigger handlers), the REST
 * API with the tokens it issued, the stream consumers behind the table, and the events they publish,
 * checked against the published schemas of {@code events-schema}.
 */
class PipelineEndToEndIT {

    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final EventContract CONTRACT = EventContract.load();
    private static LocalStack stack;
    private static StackClient client;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(StackFixtures.settings(WINDOW), StackFunctions.real(WINDOW), Clock.systemUTC());
        client = new StackClient(stack);
        assertThat(stack.missingHandlers()).as("handler classes on the classpath").isEmpty();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoUsersSignUpSignInAndOneFollowsTheOther_profilesCountsAndEventsAgree() {
        String ann = client.signUp("ann@example.com", "Passw0rd!", "Ann Example");
        String bob = client.signUp("bob@example.com", "Passw0rd!", "Bob Example");
        client.confirmWithPrintedCode("ann@example.com");
        client.adminConfirm("bob@example.com");
        String annToken = client.signIn("ann@example.com", "Passw0rd!");
        String bobToken = client.signIn("bob@example.com", "Passw0rd!");

        StackClient.Response me = client.api("GET", "/users/me", annToken, null);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("userId").asText()).isEqualTo(ann);
        assertThat(me.json().get("email").asText()).isEqualTo("ann@example.com");
        assertThat(me.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(me.json().get("followingCount").asLong()).isZero();
        StackClient.Response bobSelf = client.api("GET", "/users/me", bobToken, null);
        assertThat(bobSelf.json().get("userId").asText()).isEqualTo(bob);

        StackClient.Response follow = client.api("POST", "/users/" + bob + "/follow", annToken, null);
        assertThat(follow.status()).isBetween(200, 204);

        JsonNode bobSeenByAnn = eventually(Duration.ofSeconds(20),
                () -> client.api("GET", "/users/" + bob, annToken, null).json(),
                profile -> profile.path("followerCount").asLong() == 1);
        assertThat(bobSeenByAnn.get("followingCount").asLong()).isZero();
        assertThat(bobSeenByAnn.has("email")).as("another user's email is not shown").isFalse();
        JsonNode annNow = client.api("GET", "/users/me", annToken, null).json();
        assertThat(annNow.get("followingCount").asLong()).isEqualTo(1);
        assertThat(annNow.get("followerCount").asLong()).isZero();

        Supplier<List<JsonNode>> theirEvents = () -> client.events().stream()
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
        assertThat(stack.failures().readAll()).as("nothing in the on-failure destination").isEmpty();
    }

    @Test
    void signUpWithAnEmailTakenInAnotherCase_isRejectedByPreSignUp() {
        client.signUp("carol@example.com", "Passw0rd!", "Carol Example");

        assertThatThrownBy(() -> client.signUp("Carol@EXAMPLE.com", "Passw0rd!", "Carol Again"))
                .isInstanceOf(UserLambdaValidationException.class)
                .hasMessageContaining("PreSignUp failed with error");
    }

    @Test
    void apiWithoutAValidToken_is401() {
        StackClient.Response response = client.api("GET", "/users/me", null, null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
    }

    private static long count(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type(e).equals(type)).count();
    }

    private static String type(JsonNode event) {
        return event.get("detail-type").asText();
    }
}
