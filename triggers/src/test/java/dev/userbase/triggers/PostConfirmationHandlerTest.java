package dev.userbase.triggers;

import static dev.userbase.triggers.FixtureUsers.ANN_SUB;
import static dev.userbase.triggers.TriggerFailures.assertFailsShowing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;

import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.signup.EmailHeldByAnotherUserException;
import dev.userbase.core.signup.NewUser;
import dev.userbase.core.signup.PasswordChangeRecorder;
import dev.userbase.core.signup.ProfileProvisioner;
import dev.userbase.core.signup.ProvisionResult;
import dev.userbase.testing.LambdaTestContext;

/** The PostConfirmation handler's translation of real Cognito events, with the services mocked. */
class PostConfirmationHandlerTest {

    private final ProfileProvisioner provisioner = mock(ProfileProvisioner.class);
    private final PasswordChangeRecorder passwords = mock(PasswordChangeRecorder.class);
    private final PostConfirmationHandler handler = new PostConfirmationHandler(provisioner, passwords);

    @ParameterizedTest
    @Event(value = "events/cognito/post-confirmation-confirm-sign-up.json", type = CognitoUserPoolPostConfirmationEvent.class)
    void confirmSignUp_provisionsTheProfileAndReturnsTheEventUnchanged(CognitoUserPoolPostConfirmationEvent event) {
        when(provisioner.provision(any(), any())).thenReturn(new ProvisionResult(
                UserProfile.builder().userId(ANN_SUB).createdAt(Instant.EPOCH).build(), true));
        var answer = EventJson.answer(event, handler, "req-1");

        assertThat(answer.changes()).isEmpty();
        verify(provisioner).provision(new NewUser(ANN_SUB, ANN_SUB, "Ann.Lee+news@Example.com", "Ann", "Lee"),
                new ChangeContext("system:post-confirmation", "req-1"));
        verifyNoInteractions(passwords);
    }

    @ParameterizedTest
    @Event(value = "events/cognito/post-confirmation-confirm-forgot-password.json", type = CognitoUserPoolPostConfirmationEvent.class)
    void confirmForgotPassword_recordsThePasswordChangeAndCreatesNothing(CognitoUserPoolPostConfirmationEvent event) {
        when(passwords.recordPasswordChange(any(), any())).thenReturn(false);
        var answer = EventJson.answer(event, handler, "req-2");

        assertThat(answer.changes()).isEmpty();
        verify(passwords).recordPasswordChange(eq(ANN_SUB), eq(new ChangeContext("system:post-confirmation", "req-2")));
        verifyNoInteractions(provisioner);
    }

    @ParameterizedTest
    @Event(value = "events/cognito/post-confirmation-confirm-sign-up.json", type = CognitoUserPoolPostConfirmationEvent.class)
    void emailHeldByAnotherUser_failsWithAReadableMessage(CognitoUserPoolPostConfirmationEvent event) {
        when(provisioner.provision(any(), any())).thenThrow(new EmailHeldByAnotherUserException());

        assertFailsShowing(() -> handler.handleRequest(event, new LambdaTestContext("req-3")),
                "An account with this email already exists");
    }

    @ParameterizedTest
    @Event(value = "events/cognito/post-confirmation-confirm-sign-up.json", type = CognitoUserPoolPostConfirmationEvent.class)
    void missingSub_failsWithTheGenericMessage(CognitoUserPoolPostConfirmationEvent event) {
        event.getRequest().getUserAttributes().remove("sub");

        assertFailsShowing(() -> handler.handleRequest(event, new LambdaTestContext("req-4")),
                "Something went wrong on our side; please try again");
        verifyNoInteractions(provisioner);
    }

    @ParameterizedTest
    @Event(value = "events/cognito/post-confirmation-confirm-sign-up.json", type = CognitoUserPoolPostConfirmationEvent.class)
    void unknownTriggerSource_doesNothing(CognitoUserPoolPostConfirmationEvent event) {
        event.setTriggerSource("PostConfirmation_SomethingNew");

        handler.handleRequest(event, new LambdaTestContext("req-5"));

        verifyNoInteractions(provisioner, passwords);
    }
}
