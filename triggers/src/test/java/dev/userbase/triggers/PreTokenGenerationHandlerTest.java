package dev.userbase.triggers;

import static dev.userbase.triggers.FixtureUsers.ANN_SUB;
import static dev.userbase.triggers.TriggerFailures.assertFailsShowing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.error.ForbiddenException;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.signup.TokenClaims;
import dev.userbase.core.signup.TokenClaimsService;
import dev.userbase.testing.LambdaTestContext;

/** The PreTokenGeneration handler on every TokenGeneration_* source, with the service mocked. */
class PreTokenGenerationHandlerTest {

    private final TokenClaimsService claims = mock(TokenClaimsService.class);
    private final PreTokenGenerationHandler handler = new PreTokenGenerationHandler(claims);

    @ParameterizedTest
    @Events(folder = "events/cognito/pre-token-generation", type = CognitoUserPoolPreTokenGenerationEvent.class)
    void everySource_addsRolesAndStatusAndChangesNothingElse(CognitoUserPoolPreTokenGenerationEvent event) {
        when(claims.claimsFor(ANN_SUB)).thenReturn(new TokenClaims(Set.of("moderator", "editor"), UserStatus.ACTIVE, true));
        var answer = EventJson.answer(event, handler, "req-1");

        JsonNode after = answer.json();
        assertThat(event.getTriggerSource()).startsWith("TokenGeneration_");
        assertThat(answer.changes()).containsExactly("/response/claimsOverrideDetails");
        assertThat(answer.result().getResponse().getClaimsOverrideDetails().getClaimsToAddOrOverride())
                .isEqualTo(Map.of("roles", "editor,moderator", "status", "ACTIVE"));
        assertThat(after.at("/response/claimsOverrideDetails/claimsToSuppress").isMissingNode()
                || after.at("/response/claimsOverrideDetails/claimsToSuppress").isNull()).isTrue();
        assertThat(after.at("/response/claimsOverrideDetails/groupOverrideDetails").isMissingNode()
                || after.at("/response/claimsOverrideDetails/groupOverrideDetails").isNull()).isTrue();
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-token-generation/Authentication.json", type = CognitoUserPoolPreTokenGenerationEvent.class)
    void existingOverrides_areKept(CognitoUserPoolPreTokenGenerationEvent event) {
        event.setResponse(new CognitoUserPoolPreTokenGenerationEvent.Response(
                new CognitoUserPoolPreTokenGenerationEvent.ClaimsOverrideDetails(
                        Map.of("tenant", "acme"), new String[] {"email"}, null)));
        when(claims.claimsFor(ANN_SUB)).thenReturn(new TokenClaims(Set.of(), UserStatus.ACTIVE, false));

        CognitoUserPoolPreTokenGenerationEvent result = handler.handleRequest(event, new LambdaTestContext("req-2"));

        assertThat(result.getResponse().getClaimsOverrideDetails().getClaimsToAddOrOverride())
                .isEqualTo(Map.of("tenant", "acme", "status", "ACTIVE"));
        assertThat(result.getResponse().getClaimsOverrideDetails().getClaimsToSuppress()).containsExactly("email");
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-token-generation/RefreshTokens.json", type = CognitoUserPoolPreTokenGenerationEvent.class)
    void suspendedUser_isRefusedWithAReadableMessage(CognitoUserPoolPreTokenGenerationEvent event) {
        when(claims.claimsFor(ANN_SUB)).thenThrow(new ForbiddenException("This account is suspended"));

        assertFailsShowing(() -> handler.handleRequest(event, new LambdaTestContext("req-3")),
                "This account is suspended");
    }
}
