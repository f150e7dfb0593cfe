package dev.userbase.triggers;

import static dev.userbase.triggers.TriggerFailures.assertFailsShowing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolMigrateUserEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.migration.MigratedUser;
import dev.userbase.core.migration.UserMigrationService;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.testing.LambdaTestContext;

/** The UserMigration handler's translation of real Cognito events, with the service mocked. */
class UserMigrationHandlerTest {

    private static final Map<String, String> ATTRIBUTES = Map.of("email", "Mia.Chen@Example.com",
            "email_verified", "true", "given_name", "Mia", "family_name", "Chen");

    private final UserMigrationService service = mock(UserMigrationService.class);
    private final UserMigrationHandler handler = new UserMigrationHandler(service);

    @ParameterizedTest
    @Event(value = "events/cognito/user-migration/Authentication.json", type = CognitoUserPoolMigrateUserEvent.class)
    void authentication_returnsTheAttributesConfirmedAndSuppressed(CognitoUserPoolMigrateUserEvent event) {
        when(service.migrateOnSignIn(any(), any(), any()))
                .thenReturn(new MigratedUser(ATTRIBUTES, "CONFIRMED", "legacy-17"));
        var answer = EventJson.answer(event, handler, "req-1");
        JsonNode result = answer.json();

        verify(service).migrateOnSignIn("Mia.Chen@Example.com", "Legacy-Secret-42",
                new ChangeContext("system:user-migration", "req-1"));
        assertThat(answer.changes()).containsExactlyInAnyOrder(
                "/response/userAttributes", "/response/finalUserStatus", "/response/messageAction");
        assertThat(result.at("/response/userAttributes/email").asText()).isEqualTo("Mia.Chen@Example.com");
        assertThat(result.at("/response/userAttributes/email_verified").asText()).isEqualTo("true");
        assertThat(result.at("/response/userAttributes/given_name").asText()).isEqualTo("Mia");
        assertThat(result.at("/response/userAttributes/family_name").asText()).isEqualTo("Chen");
        assertThat(result.at("/response/finalUserStatus").asText()).isEqualTo("CONFIRMED");
        assertThat(result.at("/response/messageAction").asText()).isEqualTo("SUPPRESS");
        assertThat(result.at("/response/forceAliasCreation").asBoolean(true)).isFalse();
        assertThat(result.toString()).doesNotContain("legacy-17");
    }

    @ParameterizedTest
    @Event(value = "events/cognito/user-migration/ForgotPassword.json", type = CognitoUserPoolMigrateUserEvent.class)
    void forgotPassword_migratesWithoutAPasswordAsResetRequired(CognitoUserPoolMigrateUserEvent event) {
        when(service.migrateForPasswordReset(any(), any()))
                .thenReturn(new MigratedUser(ATTRIBUTES, "RESET_REQUIRED", "legacy-17"));

        JsonNode result = EventJson.toJson(handler.handleRequest(event, new LambdaTestContext("req-2")));

        verify(service).migrateForPasswordReset("Mia.Chen@Example.com",
                new ChangeContext("system:user-migration", "req-2"));
        assertThat(result.at("/response/finalUserStatus").asText()).isEqualTo("RESET_REQUIRED");
        assertThat(result.at("/response/messageAction").asText()).isEqualTo("SUPPRESS");
    }

    @ParameterizedTest
    @Event(value = "events/cognito/user-migration/Authentication.json", type = CognitoUserPoolMigrateUserEvent.class)
    void refusal_failsWithTheWrongPasswordMessage(CognitoUserPoolMigrateUserEvent event) {
        when(service.migrateOnSignIn(any(), any(), any()))
                .thenThrow(new UserServiceException(ErrorKind.UNAUTHENTICATED, UserMigrationService.REFUSAL));

        assertFailsShowing(() -> handler.handleRequest(event, new LambdaTestContext("req-3")),
                "Incorrect username or password.");
    }

    @ParameterizedTest
    @Event(value = "events/cognito/user-migration/Authentication.json", type = CognitoUserPoolMigrateUserEvent.class)
    void unexpectedFailure_neverShowsItsDetail(CognitoUserPoolMigrateUserEvent event) {
        when(service.migrateOnSignIn(any(), any(), any()))
                .thenThrow(new IllegalStateException("hash $2a$10$secret of mia.chen@example.com"));

        assertFailsShowing(() -> handler.handleRequest(event, new LambdaTestContext("req-4")),
                TriggerErrors.UNEXPECTED);
    }

    @ParameterizedTest
    @Event(value = "events/cognito/user-migration/Authentication.json", type = CognitoUserPoolMigrateUserEvent.class)
    void unknownTriggerSource_migratesNobody(CognitoUserPoolMigrateUserEvent event) {
        event.setTriggerSource("UserMigration_SomethingNew");

        assertFailsShowing(() -> handler.handleRequest(event, new LambdaTestContext("req-5")),
                "Incorrect username or password.");
        verifyNoInteractions(service);
    }
}
