package dev.userbase.local;

import static dev.userbase.local.testing.StackClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.privacy.Pseudonyms;
import dev.userbase.local.testing.LocalStackExtension;
import dev.userbase.local.testing.StackClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Erasure through the whole local stack: users sign up through cognito-local, follow each other, an
 * admin erases one of them and one they created with {@code POST /users} ({@code POST /users/{id}/erase}),
 * and the change stream's cascade and the follow-counter pipeline do the rest. Then the erased users
 * cannot sign in, the other side's counts equal their edges, no item of the users or the idempotency
 * table holds their id, email or names (their audit trails are kept under the pseudonym of the stack's
 * kept key), and the same email signs up again as a new account.
 */
class ErasureEndToEndIT {

    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final String PASSWORD = "Passw0rd!";

    /** Data kept in the test's directory (not in memory), so the pseudonym key is the kept one. */
    @RegisterExtension
    static final LocalStackExtension local = LocalStackExtension.real(WINDOW).keepingData();

    @Test
    void anAdminErasesAUserWhoFollowsAndIsFollowed_nothingOfThemIsLeft_countsAreExact_andTheEmailSignsUpAnew()
            throws Exception {
        String erin = local.client().signUpConfirmed("erin.erased@example.com", PASSWORD, "Erinna Gone");
        String frank = local.client().signUpConfirmed("frank@example.com", PASSWORD, "Frank Stays");
        String gina = local.client().signUpConfirmed("gina@example.com", PASSWORD, "Gina Stays");
        local.client().signUpConfirmed("hal@example.com", PASSWORD, "Hal Admin");
        local.client().makeAdmin("hal@example.com");
        String erinToken = local.client().signIn("erin.erased@example.com", PASSWORD);
        String frankToken = local.client().signIn("frank@example.com", PASSWORD);
        String ginaToken = local.client().signIn("gina@example.com", PASSWORD);
        String admin = local.client().signIn("hal@example.com", PASSWORD);
        // and one user the admin creates: its idempotency record names them
        StackClient.Response created = local.client().api("POST", "/users", admin,
                "{\"email\":\"ivy.made@example.com\",\"givenName\":\"Ivyanne\",\"familyName\":\"Madeup\",\"sendInvitation\":false}",
                Map.of("Idempotency-Key", "erasure-e2e-ivy"));
        assertThat(created.status()).isEqualTo(201);
        String ivy = created.json().get("userId").asText();

        // erin follows frank and gina; gina follows erin and frank; frank follows gina (kept)
        for (String[] edge : new String[][] {{erinToken, frank}, {erinToken, gina}, {ginaToken, erin},
                {ginaToken, frank}, {frankToken, gina}}) {
            assertThat(local.client().api("POST", "/users/" + edge[1] + "/follow", edge[0], null).status()).isBetween(200, 204);
        }
        eventually(Duration.ofSeconds(30), () -> local.client().api("GET", "/users/me", erinToken, null).json(),
                me -> me.path("followingCount").asLong() == 2 && me.path("followerCount").asLong() == 1);
        eventually(Duration.ofSeconds(30), () -> local.client().api("GET", "/users/" + frank, ginaToken, null).json(),
                p -> p.path("followerCount").asLong() == 2);

        assertThat(local.client().api("POST", "/users/" + erin + "/erase", admin, null).status()).isEqualTo(202);
        assertThat(local.client().api("POST", "/users/" + ivy + "/erase", admin, null).status()).isEqualTo(202);

        // the cascade and the counter pipeline finish: both profiles gone, the other side counts its edges only
        eventually(Duration.ofSeconds(60), () -> List.of(
                        local.client().api("GET", "/users/" + erin, frankToken, null).status(),
                        local.client().api("GET", "/users/" + ivy, frankToken, null).status()),
                statuses -> statuses.equals(List.of(404, 404)));
        JsonNode frankNow = eventually(Duration.ofSeconds(30), () -> local.client().api("GET", "/users/me", frankToken, null).json(),
                me -> me.path("followerCount").asLong() == 1);
        assertThat(frankNow.path("followingCount").asLong()).isEqualTo(1);
        JsonNode ginaNow = eventually(Duration.ofSeconds(30), () -> local.client().api("GET", "/users/me", ginaToken, null).json(),
                me -> me.path("followingCount").asLong() == 1);
        assertThat(ginaNow.path("followerCount").asLong()).as("frank's edge is left").isEqualTo(1);
        JsonNode frankFollowers = local.client().api("GET", "/users/me/followers", frankToken, null).json();
        assertThat(frankFollowers.toString()).contains(gina).doesNotContain(erin);

        // their Cognito users are gone: no sign-in
        assertThatThrownBy(() -> local.client().signIn("erin.erased@example.com", PASSWORD))
                .isInstanceOf(CognitoIdentityProviderException.class);
        assertThat(local.client().cognito().listUsers(r -> r.userPoolId(local.stack().userPool().userPoolId())).users())
                .noneMatch(u -> u.attributes().stream().anyMatch(a -> a.value().equals(erin) || a.value().equals(ivy)));

        // nothing of either is left in the users or the idempotency table, but their pseudonymised trails
        eventually(Duration.ofSeconds(30), () -> leftovers(List.of(erin, "erin.erased", "Erinna", ivy, "ivy.made",
                "Ivyanne", "Madeup")), List::isEmpty);
        Pseudonyms pseudonyms = Pseudonyms.withKey(Files.readString(
                local.stack().settings().dataDirectory().resolve(LocalStack.AUDIT_PSEUDONYM_KEY_FILE)).strip());
        List<Map<String, AttributeValue>> users = scan(LocalStack.USERS_TABLE);
        for (String erased : List.of(erin, ivy)) {
            assertThat(users).as("the trail of %s kept under the stack key's pseudonym", erased)
                    .anyMatch(item -> item.get("pk").s().equals(AuditEntry.partitionKey(pseudonyms.of(erased))));
        }

        // the same address signs up again: a new account with a new profile
        String again = local.client().signUpConfirmed("erin.erased@example.com", PASSWORD, "Erinna Again");
        assertThat(again).isNotEqualTo(erin);
        String againToken = local.client().signIn("erin.erased@example.com", PASSWORD);
        JsonNode me = local.client().api("GET", "/users/me", againToken, null).json();
        assertThat(me.path("userId").asText()).isEqualTo(again);
        assertThat(me.path("displayName").asText()).isEqualTo("Erinna Again");
        assertThat(me.path("followerCount").asLong()).isZero();
        assertThat(me.path("followingCount").asLong()).isZero();
        assertThat(local.stack().failures().readAll()).as("nothing in the on-failure destination").isEmpty();
    }

    @Test
    void anErasedAdministrator_isNamedByNoItem_theirActionsKeepTheirPseudonym_andTheirTokenProvisionsNothing()
            throws Exception {
        String jo = local.client().signUpConfirmed("jo.admin@example.com", PASSWORD, "Joanna Adminsky");
        String kim = local.client().signUpConfirmed("kim@example.com", PASSWORD, "Kim Suspended");
        local.client().signUpConfirmed("max@example.com", PASSWORD, "Max Admin");
        String joToken = local.client().signInAsAdmin("jo.admin@example.com", PASSWORD);
        String maxToken = local.client().signInAsAdmin("max@example.com", PASSWORD);
        // Jo acts as an administrator: suspends Kim, creates Lou, exports Kim
        assertThat(local.client().api("PUT", "/users/" + kim + "/status", joToken,
                "{\"status\":\"SUSPENDED\",\"reason\":\"spam reports\"}").status()).isEqualTo(200);
        StackClient.Response created = local.client().api("POST", "/users", joToken,
                "{\"email\":\"lou@example.com\",\"givenName\":\"Lou\",\"sendInvitation\":false}",
                Map.of("Idempotency-Key", "erasure-e2e-lou"));
        assertThat(created.status()).isEqualTo(201);
        String lou = created.json().get("userId").asText();
        assertThat(local.client().api("GET", "/users/" + kim + "/export", joToken, null).status()).isEqualTo(200);
        eventually(Duration.ofSeconds(30), () -> local.client().api("GET", "/users/" + kim + "/audit", maxToken, null).json()
                .toString(), trail -> trail.contains(jo) && trail.contains("user.status.changed"));

        assertThat(local.client().api("POST", "/users/" + jo + "/erase", maxToken, null).status()).isEqualTo(202);

        eventually(Duration.ofSeconds(60), () -> local.client().api("GET", "/users/" + jo, maxToken, null).status(),
                status -> status == 404);
        eventually(Duration.ofSeconds(30), () -> leftovers(List.of(jo, "jo.admin", "Joanna", "Adminsky")), List::isEmpty);
        String pseudonym = Pseudonyms.withKey(Files.readString(
                local.stack().settings().dataDirectory().resolve(LocalStack.AUDIT_PSEUDONYM_KEY_FILE)).strip()).of(jo);
        for (String subject : List.of(kim, lou)) {
            String trail = local.client().api("GET", "/users/" + subject + "/audit", maxToken, null).json().toString();
            assertThat(trail).as("what Jo did to %s", subject).contains(pseudonym).doesNotContain(jo);
        }
        // her token still verifies for a while: it neither brings her profile back nor acts
        StackClient.Response me = local.client().api("GET", "/users/me", joToken, null);
        assertThat(me.status()).isEqualTo(403);
        assertThat(local.client().api("GET", "/users/" + kim + "/export", joToken, null).status()).isEqualTo(403);
        assertThat(leftovers(List.of(jo, "jo.admin", "Joanna", "Adminsky"))).isEmpty();
        assertThat(local.stack().failures().readAll()).as("nothing in the on-failure destination").isEmpty();
    }

    /** Items of the users and idempotency tables holding any of {@code needles}, pseudonymised audit aside. */
    private static List<String> leftovers(List<String> needles) {
        List<String> found = new ArrayList<>();
        for (String table : List.of(LocalStack.USERS_TABLE, LocalStack.IDEMPOTENCY_TABLE)) {
            for (Map<String, AttributeValue> item : scan(table)) {
                String text = item.toString();
                if (needles.stream().anyMatch(text::contains)) {
                    found.add(table + ": " + text);
                }
            }
        }
        return found;
    }

    private static List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        local.stack().dynamoDb().client().scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())
                .items().forEach(items::add);
        return items;
    }
}
