package dev.userbase.triggers;

import static dev.userbase.triggers.FixtureUsers.ANN_SUB;
import static dev.userbase.triggers.TriggerFailures.assertFailsShowing;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreSignUpEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.testing.TestDynamoDb;
import dev.userbase.testing.LambdaTestContext;
import dev.userbase.core.testing.LocalTables;

/** The PreTokenGeneration handler on real event JSON against DynamoDB Local, through the real SDK. */
class PreTokenGenerationHandlerIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    @ParameterizedTest
    @Event(value = "events/cognito/pre-token-generation/RefreshTokens.json", type = CognitoUserPoolPreTokenGenerationEvent.class)
    void suspendedUser_getsNoTokens(CognitoUserPoolPreTokenGenerationEvent event) {
        putProfile(UserStatus.SUSPENDED, Set.of("editor"));

        assertFailsShowing(() -> handler().handleRequest(event, new LambdaTestContext("req-1")),
                "This account is suspended");
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-token-generation/Authentication.json", type = CognitoUserPoolPreTokenGenerationEvent.class)
    void deletedUser_getsNoTokens(CognitoUserPoolPreTokenGenerationEvent event) {
        putProfile(UserStatus.DELETED, Set.of());

        assertFailsShowing(() -> handler().handleRequest(event, new LambdaTestContext("req-1")),
                "This account has been deleted");
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-token-generation/HostedAuth.json", type = CognitoUserPoolPreTokenGenerationEvent.class)
    void activeUser_getsRolesAndStatusClaims(CognitoUserPoolPreTokenGenerationEvent event) {
        putProfile(UserStatus.ACTIVE, Set.of("support", "admin"));

        CognitoUserPoolPreTokenGenerationEvent result = handler().handleRequest(event, new LambdaTestContext("req-1"));

        assertThat(result.getResponse().getClaimsOverrideDetails().getClaimsToAddOrOverride())
                .isEqualTo(Map.of("roles", "admin,support", "status", "ACTIVE"));
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-token-generation/Authentication.json", type = CognitoUserPoolPreTokenGenerationEvent.class)
    void signedUpAndConfirmedUser_getsActiveStatus(CognitoUserPoolPreTokenGenerationEvent event) {
        AwsClients clients = AwsClients.create(tables.config(), TestDynamoDb.CREDENTIALS);
        new PreSignUpHandler(clients, Clock.systemUTC()).handleRequest(EventLoader.loadEvent(
                "events/cognito/pre-sign-up-sign-up.json", CognitoUserPoolPreSignUpEvent.class), new LambdaTestContext("a"));
        new PostConfirmationHandler(clients, Clock.systemUTC()).handleRequest(EventLoader.loadEvent(
                "events/cognito/post-confirmation-confirm-sign-up.json", CognitoUserPoolPostConfirmationEvent.class),
                new LambdaTestContext("b"));

        CognitoUserPoolPreTokenGenerationEvent result = handler().handleRequest(event, new LambdaTestContext("c"));

        assertThat(result.getResponse().getClaimsOverrideDetails().getClaimsToAddOrOverride())
                .isEqualTo(Map.of("status", "ACTIVE"));
    }

    private static PreTokenGenerationHandler handler() {
        return new PreTokenGenerationHandler(AwsClients.create(tables.config(), TestDynamoDb.CREDENTIALS), Clock.systemUTC());
    }

    private static void putProfile(UserStatus status, Set<String> roles) {
        tables.users().put(UserProfile.builder().userId(ANN_SUB).status(status).roles(roles)
                .createdAt(Instant.parse("2026-01-01T00:00:00Z")).build().toItem());
    }
}
