package dev.userbase.local;

import static dev.userbase.local.testing.StackClient.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.table.UsersTable;
import dev.userbase.local.testing.StackClient;
import dev.userbase.local.testing.StackFixtures;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Time to Live through the whole stack: the engine deletes an expired sign-up reservation, its REMOVE
 * record carries DynamoDB's service identity, and the change stream's expiry cleanup takes it for what
 * it is (the unconfirmed Cognito user deleted, {@code user.signup.expired} published), as in AWS.
 */
class LocalStackExpiryIT {

    private static final Duration WINDOW = Duration.ofSeconds(1);

    @Test
    void expiredSignUpReservation_deletedByTheEngine_releasesTheUserAndPublishesSignupExpired() throws Exception {
        try (LocalStack stack = StackFixtures.startReal(StackFixtures.settings(WINDOW), WINDOW);
             StackClient client = new StackClient(stack)) {
            client.signUp("tess@example.com", "Passw0rd!", "Tess Example");   // never confirmed
            Map<String, AttributeValue> key = Map.of(UsersTable.PK, AttributeValue.fromS("EMAIL#tess@example.com"),
                    UsersTable.SK, AttributeValue.fromS("EMAIL"));
            Map<String, AttributeValue> reservation = stack.dynamoDb().client()
                    .getItem(r -> r.tableName(LocalStack.USERS_TABLE).key(key).consistentRead(true)).item();
            assertThat(reservation).as("PreSignUp's reservation").containsKey(UsersTable.TTL_ATTRIBUTE);
            assertThat(stack.dynamoDb().sweepExpiredItems()).as("not expired yet").isZero();

            // as if its time had passed: the TTL attribute in the past
            long past = java.time.Instant.now().getEpochSecond() - 60;
            stack.dynamoDb().client().updateItem(r -> r.tableName(LocalStack.USERS_TABLE).key(key)
                    .updateExpression("SET #ttl = :past")
                    .expressionAttributeNames(Map.of("#ttl", UsersTable.TTL_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":past", AttributeValue.fromN(Long.toString(past)))));
            assertThat(stack.dynamoDb().sweepExpiredItems()).isEqualTo(1);

            List<JsonNode> expired = eventually(Duration.ofSeconds(20), () -> client.events().stream()
                    .filter(e -> e.get("detail-type").asText().equals("user.signup.expired")).toList(), l -> !l.isEmpty());
            assertThat(expired).hasSize(1);
            assertThat(expired.get(0).get("detail").get("data").get("userName").asText())
                    .isEqualTo(reservation.get("userName").s());
            assertThatThrownBy(() -> client.cognito().adminGetUser(r -> r.userPoolId(stack.userPool().userPoolId())
                    .username("tess@example.com")))
                    .as("the unconfirmed user is deleted, so the address can sign up again")
                    .isInstanceOf(UserNotFoundException.class);
            assertThat(stack.failures().readAll()).isEmpty();
        }
    }
}
