package dev.userbase.triggers;

import java.time.Clock;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreSignUpEvent;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.signup.PreSignUpService;
import dev.userbase.core.signup.SignUpDecision;
import dev.userbase.core.signup.SignUpMetrics;
import dev.userbase.core.signup.SignUpRequest;
import dev.userbase.core.signup.SignUpSource;
import software.amazon.lambda.powertools.logging.Logging;
import software.amazon.lambda.powertools.tracing.CaptureMode;
import software.amazon.lambda.powertools.tracing.Tracing;

/**
 * Cognito PreSignUp trigger ({@code PreSignUp_SignUp}, {@code PreSignUp_AdminCreateUser},
 * {@code PreSignUp_ExternalProvider}): validates, normalises and reserves the email address, or
 * links a federated identity, through {@link PreSignUpService}. Returns the event with only
 * {@code response.autoConfirmUser} and {@code response.autoVerifyEmail} set (for federated users
 * whose provider verified the address); a refusal is thrown as a {@link TriggerFailure} whose
 * message Cognito shows as {@code PreSignUp failed with error <message>.}
 */
public final class PreSignUpHandler
        implements RequestHandler<CognitoUserPoolPreSignUpEvent, CognitoUserPoolPreSignUpEvent> {

    static final String COMPONENT = "pre-sign-up";
    /**
     * Optional user attribute holding the federated user's provider subject verbatim (mapped by
     * the pool), for providers whose subject Cognito would lower-case in the userName.
     */
    static final String PROVIDER_SUBJECT_ATTRIBUTE = "custom:idp_sub";

    private static final Logger LOG = LogManager.getLogger(PreSignUpHandler.class);

    private final PreSignUpService service;
    // held here because the CRaC context references its resources weakly
    final SnapStartPriming priming;

    /** Lambda's constructor: configuration from the environment, SDK clients built once. */
    public PreSignUpHandler() {
        this(AwsClients.create(UsersConfig.fromEnvironment()), Clock.systemUTC());
    }

    public PreSignUpHandler(AwsClients clients, Clock clock) {
        this(PreSignUpService.create(clients, clock, SignUpMetrics.embeddedMetricFormat("triggers")));
    }

    PreSignUpHandler(PreSignUpService service) {
        this.service = service;
        this.priming = SnapStartPriming.register("PreSignUp", service::prime);
    }

    @Override
    @Logging
    // ERROR only: the default would copy the whole event (email, names) into X-Ray metadata
    @Tracing(captureMode = CaptureMode.ERROR)
    public CognitoUserPoolPreSignUpEvent handleRequest(CognitoUserPoolPreSignUpEvent event, Context context) {
        Map<String, String> attributes = Invocations.userAttributes(event.getRequest(),
                CognitoUserPoolPreSignUpEvent.Request::getUserAttributes);
        SignUpSource source = sourceOf(event.getTriggerSource());
        SignUpRequest request = new SignUpRequest(source, event.getUserPoolId(), event.getUserName(),
                attributes.get("email"), "true".equalsIgnoreCase(attributes.get("email_verified")),
                attributes.get(PROVIDER_SUBJECT_ATTRIBUTE));
        SignUpDecision decision = TriggerErrors.translate("PreSignUp",
                () -> service.preSignUp(request, Invocations.changeContext(COMPONENT, context)));
        LOG.info("{} of {}: {}", event.getTriggerSource(), event.getUserName(), decision.outcome());
        if (decision.autoConfirmUser() || decision.autoVerifyEmail()) {
            CognitoUserPoolPreSignUpEvent.Response response = event.getResponse() != null
                    ? event.getResponse() : new CognitoUserPoolPreSignUpEvent.Response();
            if (decision.autoConfirmUser()) {
                response.setAutoConfirmUser(true);
            }
            if (decision.autoVerifyEmail()) {
                response.setAutoVerifyEmail(true);
            }
            event.setResponse(response);
        }
        return event;
    }

    private static SignUpSource sourceOf(String triggerSource) {
        if (triggerSource == null) {
            return SignUpSource.SIGN_UP;
        }
        return switch (triggerSource) {
            case "PreSignUp_AdminCreateUser" -> SignUpSource.ADMIN_CREATE_USER;
            case "PreSignUp_ExternalProvider" -> SignUpSource.EXTERNAL_PROVIDER;
            case "PreSignUp_SignUp" -> SignUpSource.SIGN_UP;
            default -> {
                // an unknown source still gets the full check: validation is the safe default
                LOG.warn("unknown PreSignUp trigger source {}; handled as a sign-up", triggerSource);
                yield SignUpSource.SIGN_UP;
            }
        };
    }
}
