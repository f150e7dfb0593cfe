package dev.userbase.local;

import static dev.userbase.local.testing.StackClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.local.testing.StackClient;
import dev.userbase.local.testing.StackFixtures;

/** A stack that keeps its data: a restart finds the pool, the users and their data, and replays no stream record. */
class LocalStackRestartIT {

    private static final Duration WINDOW = Duration.ofSeconds(1);

    @Test
    void restart_keepsUsersDataAndEvents_withoutReplayingTheStream() throws Exception {
        LocalStackSettings settings = persistent(StackFixtures.settings(WINDOW));
        String userId;
        String poolId;
        List<String> eventIds;
        try (LocalStack stack = LocalStack.start(settings, StackFixtures.standIns(WINDOW), Clock.systemUTC());
             StackClient client = new StackClient(stack)) {
            poolId = stack.userPool().userPoolId();
            userId = client.signUp("erin@example.com", "Passw0rd!", "Erin");
            client.adminConfirm("erin@example.com");
            eventIds = eventually(Duration.ofSeconds(10), () -> ids(client.events()), ids -> ids.size() == 1);
        }
        assertThat(Files.readString(settings.cognitoStateFile())).contains(poolId);

        try (LocalStack stack = LocalStack.start(settings, StackFixtures.standIns(WINDOW), Clock.systemUTC());
             StackClient client = new StackClient(stack)) {
            assertThat(stack.userPool().userPoolId()).isEqualTo(poolId);
            String token = client.signIn("erin@example.com", "Passw0rd!");
            StackClient.Response me = client.api("GET", "/users/me", token, null);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("userId").asText()).isEqualTo(userId);

            // Give the pollers time to (wrongly) replay the stream; the checkpoint must prevent it.
            Thread.sleep(1500);
            assertThat(ids(client.events())).isEqualTo(eventIds);
        }
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.get("id").asText()).toList();
    }

    private static LocalStackSettings persistent(LocalStackSettings s) {
        return new LocalStackSettings(s.host(), 0, 0, 0, 0, s.dataDirectory(), false, false, s.home(), s.region(),
                s.followCounterWindow(), s.rulesFile(), s.ttlSweepInterval(), s.streamPollInterval(), false);
    }
}
