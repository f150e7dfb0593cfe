package dev.userbase.local;

import static dev.userbase.local.testing.StackClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.local.testing.StackClient;
import dev.userbase.local.testing.StackFixtures;

/**
 * A stack that keeps its data: a restart finds the pool, the users and their data, keeps its generated
 * keys, and replays no stream record.
 */
class LocalStackRestartIT {

    private static final Duration WINDOW = Duration.ofSeconds(1);

    @Test
    void restart_keepsUsersDataAndEvents_withoutReplayingTheStream() throws Exception {
        LocalStackSettings settings = StackFixtures.persistent(StackFixtures.settings(WINDOW));
        String userId;
        String poolId;
        List<String> eventIds;
        try (LocalStack stack = StackFixtures.startReal(settings, WINDOW);
             StackClient client = new StackClient(stack)) {
            poolId = stack.userPool().userPoolId();
            userId = client.signUpConfirmed("erin@example.com", "Passw0rd!", "Erin");
            eventually(Duration.ofSeconds(20), client::events, events -> events.stream().anyMatch(e ->
                    e.get("detail-type").asText().equals("user.created") && e.get("detail").get("userId").asText().equals(userId)));
        }
        // everything the first run published (read after it stopped, so nothing is still on its way)
        eventIds = Files.readAllLines(settings.eventsFile()).stream().filter(line -> !line.isBlank())
                .map(line -> Json.parse(line).get("id").asText()).toList();
        assertThat(eventIds).isNotEmpty();
        assertThat(Files.readString(settings.cognitoStateFile())).contains(poolId);
        Path pseudonymKey = settings.dataDirectory().resolve(LocalStack.AUDIT_PSEUDONYM_KEY_FILE);
        String key = Files.readString(pseudonymKey);

        try (LocalStack stack = StackFixtures.startReal(settings, WINDOW);
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
        // erased users' audit pseudonyms stay the same: the key was read back, not made again
        assertThat(Files.readString(pseudonymKey)).isEqualTo(key);
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.get("id").asText()).toList();
    }
}
