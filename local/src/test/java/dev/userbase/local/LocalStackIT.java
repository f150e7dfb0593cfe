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

        // other tests share the stack: look at ann's and bob's events only
        java.util.function.Supplier<List<JsonNode>> theirs = () -> client.events().stream()
                .filter(e -> List.of(ann, bob).contains(e.get("detail").get("userId").asText())).toList();
        List<JsonNode> events = eventually(Duration.ofSeconds(10), theirs,
                e -> e.stream().filter(x -> x.get("detail-type").asText().equals("user.followed")).count() == 1);
        assertThat(events).extracting(e -> e.get("detail-type").asText())
                .containsExactlyInAnyOrder("user.created", "user.created", "user.followed");
        JsonNode followed = events.stream().filter(e -> e.get("detail-type").asText().equals("user.followed")).findFirst().orElseThrow();
        assertThat(followed.get("source").asText()).isEqualTo("users.service");
        assertThat(followed.get("detail").get("userId").asText()).isEqualTo(ann);
        assertThat(followed.get("detail").get("data").get("followeeId").asText()).isEqualTo(bob);
        assertThat(stack.eventBus().log().readAll()).extracting(e -> e.get("id").asText())
                .containsAll(events.stream().map(e -> e.get("id").asText()).toList());

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
    void cli_walkthrough_signsUpConfirmsWithThePrintedCodeLogsInAndCallsTheApi() {
        assertThat(cli("signup", "dan@example.com", "Passw0rd!", "Dan").status).isZero();
        assertThat(cli("confirm", "dan@example.com").status).isZero();
        Cli login = cli("login", "dan@example.com", "Passw0rd!");
        assertThat(login.status).isZero();
        assertThat(login.out.trim()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(cli("token", "dan@example.com").out.trim()).isEqualTo(login.out.trim());

        Cli me = cli("api", "dan@example.com", "GET", "/users/me");
        assertThat(me.err).contains("HTTP 200");
        assertThat(me.out).contains("\"email\" : \"dan@example.com\"");

        eventually(Duration.ofSeconds(10), () -> cli("events", "user.created").out, out -> out.contains("user.created"));
        Cli duplicate = cli("signup", "DAN@example.com", "Passw0rd!");
        assertThat(duplicate.status).isEqualTo(1);
        assertThat(duplicate.err).contains("UserLambdaValidationException").contains("PreSignUp failed with error");
        assertThat(cli("bogus").status).isEqualTo(2);
    }

    private record Cli(int status, String out, String err) {
    }

    private static Cli cli(String... args) {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        java.util.Map<String, String> env = java.util.Map.of(
                "LOCAL_DIR", stack.settings().dataDirectory().toString(),
                "LOCAL_AWS_PORT", stack.awsEndpoint().replaceAll(".*:", ""),
                "LOCAL_API_PORT", stack.apiUrl().replaceAll(".*:", ""));
        int status = new dev.userbase.local.cli.LocalCli(new java.io.PrintStream(out, true), new java.io.PrintStream(err, true), env)
                .run(args);
        return new Cli(status, out.toString(), err.toString());
    }

    @Test
    void apiWithoutValidToken_is401ProblemAndFunctionIsNotCalled() {
        StackClient.Response none = client.api("GET", "/users/me", null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).isEqualTo("application/problem+json");
        assertThat(client.api("GET", "/users/me", "not.a.jwt", null).status()).isEqualTo(401);
    }
}
