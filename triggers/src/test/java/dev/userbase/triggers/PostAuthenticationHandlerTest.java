package dev.userbase.triggers;

import static dev.userbase.triggers.FixtureUsers.MIA_SUB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import org.junit.jupiter.params.ParameterizedTest;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostAuthenticationEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;

import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.signup.NewUser;
import dev.userbase.core.signup.SignInRecorder;
import dev.userbase.testing.LambdaTestContext;

/** The PostAuthentication handler's translation of a real Cognito event, with the recorder mocked. */
class PostAuthenticationHandlerTest {

    private final SignInRecorder recorder = mock(SignInRecorder.class);
    private final PostAuthenticationHandler handler = new PostAuthenticationHandler(recorder);

    @ParameterizedTest
    @Event(value = "events/cognito/post-authentication/Authentication.json", type = CognitoUserPoolPostAuthenticationEvent.class)
    void signIn_isRecordedAndTheEventReturnedUnchanged(CognitoUserPoolPostAuthenticationEvent event) {
        when(recorder.signedIn(any(), any())).thenReturn(SignInRecorder.Outcome.RECORDED);
        var answer = EventJson.answer(event, handler, "req-1");

        assertThat(answer.changes()).isEmpty();
        verify(recorder).signedIn(new NewUser(MIA_SUB, MIA_SUB, "Mia.Chen@Example.com", "Mia", "Chen"),
                new ChangeContext("system:post-authentication", "req-1"));
    }

    @ParameterizedTest
    @Event(value = "events/cognito/post-authentication/Authentication.json", type = CognitoUserPoolPostAuthenticationEvent.class)
    void unexpectedFailure_neverFailsTheSignIn(CognitoUserPoolPostAuthenticationEvent event) {
        when(recorder.signedIn(any(), any())).thenThrow(new IllegalStateException("boom"));
        var answer = EventJson.answer(event, handler, "req-2");

        assertThat(answer.changes()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/cognito/post-authentication/Authentication.json", type = CognitoUserPoolPostAuthenticationEvent.class)
    void missingSub_neverFailsTheSignIn(CognitoUserPoolPostAuthenticationEvent event) {
        event.getRequest().getUserAttributes().remove("sub");

        assertThat(handler.handleRequest(event, new LambdaTestContext("req-3"))).isSameAs(event);
        verifyNoInteractions(recorder);
    }
}
