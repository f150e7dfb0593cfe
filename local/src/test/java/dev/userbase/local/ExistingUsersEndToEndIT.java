package dev.userbase.local;

import static dev.userbase.local.testing.StackClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.local.testing.CliRun;
import dev.userbase.local.testing.LocalStackExtension;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;

/**
 * Existing users through the local stack with the real handlers: a legacy user signs in with their
 * old password (cognito-local runs UserMigration, then PostAuthentication), a user made with
 * AdminCreateUser (no PostConfirmation) gets a profile from {@code local/cli backfill}, exactly once.
 */
class ExistingUsersEndToEndIT {

    private static final Duration WINDOW = Duration.ofSeconds(2);

    @RegisterExtension
    static final LocalStackExtension local = LocalStackExtension.real(WINDOW).requiringAllHandlers();

    @Test
    void legacyUser_signsInWithTheOldPassword_getsAProfileAndOneUserCreated_andSignInIsRecorded() {
        CliRun added = local.cli("legacy-add", "mia.chen@example.com", "Legacy-Secret-42", "Mia Chen");
        assertThat(added.status()).as(added.err()).isZero();
        CliRun csv = local.cli("legacy-csv");
        assertThat(csv.status()).as(csv.err()).isZero();
        assertThat(csv.out()).startsWith("name,given_name,family_name,")
                .contains("Mia Chen,Mia,Chen,,,,,,,mia.chen@example.com,true,").doesNotContain("$2a$");

        assertThatThrownBy(() -> local.client().signIn("mia.chen@example.com", "Wrong-Secret-42"))
                .isInstanceOf(NotAuthorizedException.class);
        assertThatThrownBy(() -> local.client().signIn("nobody@example.com", "Legacy-Secret-42"))
                .isInstanceOf(NotAuthorizedException.class);

        String token = local.client().signIn("mia.chen@example.com", "Legacy-Secret-42");
        JsonNode me = local.client().api("GET", "/users/me", token, null).json();
        assertThat(me.get("email").asText()).isEqualTo("mia.chen@example.com");
        assertThat(me.get("displayName").asText()).isEqualTo("Mia Chen");
        assertThat(me.get("signInCount").asLong()).isEqualTo(1);
        String lastSignIn = me.get("lastSignInAt").asText();
        String userId = me.get("userId").asText();

        // a second sign-in within the interval neither creates again nor rewrites lastSignInAt
        String again = local.client().signIn("mia.chen@example.com", "Legacy-Secret-42");
        JsonNode meAgain = local.client().api("GET", "/users/me", again, null).json();
        assertThat(meAgain.get("userId").asText()).isEqualTo(userId);
        assertThat(meAgain.get("lastSignInAt").asText()).isEqualTo(lastSignIn);
        assertThat(meAgain.get("signInCount").asLong()).isEqualTo(1);

        List<JsonNode> created = eventually(Duration.ofSeconds(20), () -> events("user.created", userId),
                list -> !list.isEmpty());
        assertThat(created).hasSize(1);
    }

    @Test
    void adminCreatedUser_getsAProfileFromTheBackfill_exactlyOnceAcrossTwoRuns() {
        local.client().cognito().adminCreateUser(r -> r.userPoolId(local.stack().userPool().userPoolId())
                .username("noah@example.com").messageAction(MessageActionType.SUPPRESS)
                .userAttributes(a -> a.name("email").value("noah@example.com"),
                        a -> a.name("email_verified").value("true")));
        String sub = local.client().cognito().adminGetUser(r -> r.userPoolId(local.stack().userPool().userPoolId())
                        .username("noah@example.com"))
                .userAttributes().stream().filter(a -> a.name().equals("sub")).findFirst().orElseThrow().value();
        local.client().cognito().adminSetUserPassword(r -> r.userPoolId(local.stack().userPool().userPoolId())
                .username("noah@example.com").password("Passw0rd!").permanent(true));

        CliRun first = local.cli("backfill");
        CliRun second = local.cli("backfill");

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(first.out()).contains("\"created\":1,").contains("\"complete\":true");
        assertThat(second.out()).contains("\"created\":0");
        String token = local.client().signIn("noah@example.com", "Passw0rd!");
        assertThat(local.client().api("GET", "/users/me", token, null).json().get("userId").asText()).isEqualTo(sub);
        List<JsonNode> created = eventually(Duration.ofSeconds(20), () -> events("user.created", sub),
                list -> !list.isEmpty());
        // wait one more window: a second user.created would have arrived by then
        try {
            Thread.sleep(WINDOW.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(events("user.created", sub)).hasSize(created.size()).hasSize(1);
    }

    @Test
    void reconcile_fixesADeliberatelyCorruptedCount_whileTheCounterRuns_andASecondRunCorrectsNothing() {
        String ivy = local.client().signUpConfirmed("ivy@example.com", "Passw0rd!", "Ivy Example");
        String leo = local.client().signUpConfirmed("leo@example.com", "Passw0rd!", "Leo Example");
        String ivyToken = local.client().signIn("ivy@example.com", "Passw0rd!");
        assertThat(local.client().api("POST", "/users/" + leo + "/follow", ivyToken, null).status()).isBetween(200, 204);
        eventually(Duration.ofSeconds(20), () -> local.client().api("GET", "/users/" + leo, ivyToken, null).json(),
                profile -> profile.path("followerCount").asLong() == 1);
        // a lost stream record, as it would look: the count moved without a counter write
        new Table(local.stack().dynamoDb().client(), LocalStack.USERS_TABLE).update(UserProfile.key(leo),
                UpdateExpression.create().set(UserProfile.FOLLOWER_COUNT, 5), null);

        CliRun one = local.cli("reconcile", leo);

        assertThat(one.status()).as(one.err()).isZero();
        assertThat(one.out()).contains("\"corrected\":1,").contains("\"absoluteDrift\":4,");
        assertThat(local.client().api("GET", "/users/" + leo, ivyToken, null).json().get("followerCount").asLong())
                .isEqualTo(1);
        CliRun all = local.cli("reconcile", "--restart");
        assertThat(all.status()).as(all.err()).isZero();
        assertThat(all.out()).contains("\"corrected\":0,").contains("\"complete\":true");
        assertThat(local.cli("reconcile", "nobody-at-all").status()).isEqualTo(1);
    }

    private static List<JsonNode> events(String type, String userId) {
        return local.client().events().stream()
                .filter(e -> e.path("detail-type").asText().equals(type))
                .filter(e -> e.path("detail").path("userId").asText().equals(userId))
                .toList();
    }
}
