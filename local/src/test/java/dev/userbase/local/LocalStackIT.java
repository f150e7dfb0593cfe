package dev.userbase.local;

import static dev.userbase.local.testing.StackClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.local.standin.StandInFollowCounter;
import dev.userbase.local.testing.StackClient;
import dev.userbase.local.testing.StackFixtures;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;

/**
 * The stack's machinery end to end, with stand-in handlers: cognito-local calls the triggers through
 * the Invoke API, tokens pass the authorizer, writes reach the stream pollers (tumbling window for
 * counts, batches for events) and events reach the bus and its log.
 */
class LocalStackIT {

    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static LocalStack stack;
    private static StackClient client;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(StackFixtures.settings(WINDOW), StackFixtures.standIns(WINDOW), Clock.systemUTC());
        client = new StackClient(stack);
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
    void signUpConfirmSignInFollow_runsThroughTriggersApiStreamAndBus() {
        String ann = client.signUp("ann@example.com", "Passw0rd!", "Ann");
        client.confirmWithPrintedCode("ann@example.com");
        String bob = client.signUp("bob@example.com", "Passw0rd!", "Bob");
        client.adminConfirm("bob@example.com");
        String annToken = client.signIn("ann@example.com", "Passw0rd!");
        String bobToken = client.signIn("bob@example.com", "Passw0rd!");

        StackClient.Response me = client.api("GET", "/users/me", annToken, null);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("userId").asText()).isEqualTo(ann);
        assertThat(me.json().get("email").asText()).isEqualTo("ann@example.com");

        assertThat(client.api("POST", "/users/" + bob + "/follow", annToken, null).status()).isEqualTo(204);

        JsonNode bobProfile = eventually(Duration.ofSeconds(15),
                () -> client.api("GET", "/users/" + bob, bobToken, null).json(),
                p -> p.get("followerCount").asLong() == 1);
        assertThat(bobProfile.get("followingCount").asLong()).isZero();
        assertThat(client.api("GET", "/users/me", annToken, null).json().get("followingCount").asLong()).isEqualTo(1);

        List<JsonNode> events = eventually(Duration.ofSeconds(10), client::events,
                e -> e.stream().filter(x -> x.get("detail-type").asText().equals("user.followed")).count() == 1);
        assertThat(events).extracting(e -> e.get("detail-type").asText())
                .containsExactlyInAnyOrder("user.created", "user.created", "user.followed");
        JsonNode followed = events.stream().filter(e -> e.get("detail-type").asText().equals("user.followed")).findFirst().orElseThrow();
        assertThat(followed.get("source").asText()).isEqualTo("users.service");
        assertThat(followed.get("detail").get("userId").asText()).isEqualTo(ann);
        assertThat(followed.get("detail").get("data").get("followeeId").asText()).isEqualTo(bob);
        assertThat(stack.eventBus().log().readAll()).hasSize(3);

        // The counter saw the edge in a window whose final invocation carried the state of the earlier ones.
        assertThat(StandInFollowCounter.RECEIVED).anySatisfy(e -> {
            assertThat(e.getIsFinalInvokeForWindow()).isTrue();
            assertThat(e.getShardId()).isNotBlank();
            assertThat(e.getWindow().getStart()).isNotBlank();
        });
        assertThat(StandInFollowCounter.RECEIVED).allSatisfy(e ->
                e.getRecords().forEach(r -> assertThat(r.getDynamodb().getKeys().get("sk").getS()).startsWith("FOLLOWS#")));
    }

    @Test
    void secondSignUpWithSameEmailInAnotherCase_isRejectedByPreSignUp() {
        client.signUp("carol@example.com", "Passw0rd!", "Carol");
        assertThatThrownBy(() -> client.signUp("Carol@Example.COM", "Passw0rd!", "Carol again"))
                .isInstanceOf(UserLambdaValidationException.class)
                .hasMessageContaining("PreSignUp failed with error")
                .hasMessageContaining("already exists");
    }

    @Test
    void apiWithoutValidToken_is401ProblemAndFunctionIsNotCalled() {
        StackClient.Response none = client.api("GET", "/users/me", null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).isEqualTo("application/problem+json");
        assertThat(client.api("GET", "/users/me", "not.a.jwt", null).status()).isEqualTo(401);
    }
}
