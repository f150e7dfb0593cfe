package dev.userbase.triggers;

import static dev.userbase.triggers.FixtureUsers.ANN_SUB;
import static dev.userbase.triggers.TriggerFailures.assertFailsShowing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.params.ParameterizedTest;
import org.mockito.ArgumentCaptor;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreSignUpEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.email.InvalidEmailException;
import dev.userbase.core.error.EmailTakenException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.signup.PreSignUpService;
import dev.userbase.core.signup.SignUpDecision;
import dev.userbase.core.signup.SignUpRequest;
import dev.userbase.core.signup.SignUpSource;
import dev.userbase.testing.LambdaTestContext;

/** The PreSignUp handler's translation of real Cognito events, with the service mocked. */
class PreSignUpHandlerTest {

    private final PreSignUpService service = mock(PreSignUpService.class);
    private final PreSignUpHandler handler = new PreSignUpHandler(service);

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-sign-up.json", type = CognitoUserPoolPreSignUpEvent.class)
    void signUp_reservesAndReturnsTheEventUnchanged(CognitoUserPoolPreSignUpEvent event) {
        when(service.preSignUp(any(), any())).thenReturn(SignUpDecision.reserved(false));
        var answer = EventJson.answer(event, handler, "req-1");

        assertThat(answer.changes()).isEmpty();
        assertThat(requestSent()).isEqualTo(new SignUpRequest(SignUpSource.SIGN_UP, "eu-west-1_Ab12Cd34E",
                ANN_SUB, "Ann.Lee+news@Example.com", false, null));
        assertThat(contextSent()).isEqualTo(new ChangeContext("system:pre-sign-up", "req-1"));
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-admin-create-user.json", type = CognitoUserPoolPreSignUpEvent.class)
    void adminCreateUser_reservesForTheUserNameAndChangesNothing(CognitoUserPoolPreSignUpEvent event) {
        when(service.preSignUp(any(), any())).thenReturn(SignUpDecision.reserved(false));
        var answer = EventJson.answer(event, handler, "req-2");

        assertThat(answer.changes()).isEmpty();
        assertThat(requestSent().source()).isEqualTo(SignUpSource.ADMIN_CREATE_USER);
        assertThat(requestSent().userName()).isEqualTo("2b7c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e");
        assertThat(requestSent().email()).isEqualTo("bo.martin@example.org");
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-external-provider.json", type = CognitoUserPoolPreSignUpEvent.class)
    void externalProvider_withVerifiedEmail_setsOnlyAutoConfirmAndAutoVerifyEmail(CognitoUserPoolPreSignUpEvent event) {
        when(service.preSignUp(any(), any())).thenReturn(SignUpDecision.reserved(true));
        var answer = EventJson.answer(event, handler, "req-3");

        JsonNode after = answer.json();
        assertThat(answer.changes()).containsExactly("/response/autoConfirmUser", "/response/autoVerifyEmail");
        assertThat(after.at("/response/autoConfirmUser").asBoolean()).isTrue();
        assertThat(after.at("/response/autoVerifyEmail").asBoolean()).isTrue();
        assertThat(after.at("/response/autoVerifyPhone").asBoolean()).isFalse();
        assertThat(requestSent()).isEqualTo(new SignUpRequest(SignUpSource.EXTERNAL_PROVIDER, "eu-west-1_Ab12Cd34E",
                "Google_109876543210987654321", "carla.diaz@gmail.com", true, null));
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-external-provider.json", type = CognitoUserPoolPreSignUpEvent.class)
    void externalProvider_passesTheMappedProviderSubject(CognitoUserPoolPreSignUpEvent event) {
        event.getRequest().getUserAttributes().put("custom:idp_sub", "109876543210987654321");
        when(service.preSignUp(any(), any())).thenReturn(SignUpDecision.linked());

        handler.handleRequest(event, new LambdaTestContext("req-4"));

        assertThat(requestSent().providerSubject()).isEqualTo("109876543210987654321");
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-sign-up.json", type = CognitoUserPoolPreSignUpEvent.class)
    void takenEmail_isRefusedWithTheMessageCognitoShows(CognitoUserPoolPreSignUpEvent event) {
        when(service.preSignUp(any(), any())).thenThrow(new EmailTakenException());

        assertFailsShowing(() -> handler.handleRequest(event, new LambdaTestContext("req-5")),
                "An account with this email already exists")
                .hasNoCause();
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-sign-up.json", type = CognitoUserPoolPreSignUpEvent.class)
    void invalidEmail_isRefusedWithWhatIsWrong(CognitoUserPoolPreSignUpEvent event) {
        when(service.preSignUp(any(), any())).thenThrow(new InvalidEmailException("Email address must contain exactly one '@'"));

        assertFailsShowing(() -> handler.handleRequest(event, new LambdaTestContext("req-6")),
                "Email address must contain exactly one '@'");
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-sign-up.json", type = CognitoUserPoolPreSignUpEvent.class)
    void unexpectedFailure_showsAGenericMessageAndLeaksNothing(CognitoUserPoolPreSignUpEvent event) {
        when(service.preSignUp(any(), any())).thenThrow(new IllegalStateException("table users-prod at 10.0.0.7 throttled"));

        assertFailsShowing(() -> handler.handleRequest(event, new LambdaTestContext("req-7")),
                "Something went wrong on our side; please try again")
                .hasNoCause();
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-sign-up.json", type = CognitoUserPoolPreSignUpEvent.class)
    void unknownTriggerSource_isCheckedLikeASignUp(CognitoUserPoolPreSignUpEvent event) {
        event.setTriggerSource("PreSignUp_SomethingNew");
        when(service.preSignUp(any(), any())).thenReturn(SignUpDecision.reserved(false));

        handler.handleRequest(event, new LambdaTestContext("req-8"));

        assertThat(requestSent().source()).isEqualTo(SignUpSource.SIGN_UP);
    }

    private SignUpRequest requestSent() {
        ArgumentCaptor<SignUpRequest> request = ArgumentCaptor.forClass(SignUpRequest.class);
        verify(service).preSignUp(request.capture(), any());
        return request.getValue();
    }

    private ChangeContext contextSent() {
        ArgumentCaptor<ChangeContext> context = ArgumentCaptor.forClass(ChangeContext.class);
        verify(service).preSignUp(any(), context.capture());
        return context.getValue();
    }
}
