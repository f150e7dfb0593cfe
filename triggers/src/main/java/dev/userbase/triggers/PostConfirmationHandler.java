package dev.userbase.triggers;

import java.time.Clock;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.signup.PasswordChangeRecorder;
import dev.userbase.core.signup.ProfileProvisioner;
import dev.userbase.core.signup.ProvisionResult;
import dev.userbase.core.signup.SignUpMetrics;
import software.amazon.lambda.powertools.logging.Logging;
import software.amazon.lambda.powertools.tracing.CaptureMode;
import software.amazon.lambda.powertools.tracing.Tracing;

/**
 * Cognito PostConfirmation trigger. {@code PostConfirmation_ConfirmSignUp} (also a federated
 * user's first sign-in) creates the profile and confirms the email reservation through
 * {@link ProfileProvisioner}; {@code PostConfirmation_ConfirmForgotPassword} records
 * {@code passwordChangedAt} and creates nothing. The event is returned unchanged (this trigger has
 * no response fields).
 */
public final class PostConfirmationHandler
        implements RequestHandler<CognitoUserPoolPostConfirmationEvent, CognitoUserPoolPostConfirmationEvent> {

    static final String COMPONENT = "post-confirmation";

    private static final Logger LOG = LogManager.getLogger(PostConfirmationHandler.class);

    private final ProfileProvisioner provisioner;
    private final PasswordChangeRecorder passwords;
    // held here because the CRaC context references its resources weakly
    final SnapStartPriming priming;

    /** Lambda's constructor: configuration from the environment, SDK clients built once. */
    public PostConfirmationHandler() {
        this(AwsClients.create(UsersConfig.fromEnvironment()), Clock.systemUTC());
    }

    public PostConfirmationHandler(AwsClients clients, Clock clock) {
        this(ProfileProvisioner.create(clients, clock, SignUpMetrics.embeddedMetricFormat("triggers")),
                PasswordChangeRecorder.create(clients, clock));
    }

    PostConfirmationHandler(ProfileProvisioner provisioner, PasswordChangeRecorder passwords) {
        this.provisioner = provisioner;
        this.passwords = passwords;
        this.priming = SnapStartPriming.register("PostConfirmation", provisioner::prime);
    }

    @Override
    @Logging
    // ERROR only: the default would copy the whole event (email, names) into X-Ray metadata
    @Tracing(captureMode = CaptureMode.ERROR)
    public CognitoUserPoolPostConfirmationEvent handleRequest(CognitoUserPoolPostConfirmationEvent event,
            Context context) {
        Map<String, String> attributes = Invocations.userAttributes(event.getRequest(),
                CognitoUserPoolPostConfirmationEvent.Request::getUserAttributes);
        ChangeContext change = Invocations.changeContext(COMPONENT, context);
        String source = String.valueOf(event.getTriggerSource());
        switch (source) {
            case "PostConfirmation_ConfirmSignUp" -> {
                ProvisionResult result = TriggerErrors.translate("PostConfirmation",
                        () -> provisioner.provision(Invocations.newUser(event.getUserName(), attributes), change));
                LOG.info("{} of {}: profile {} {}", source, event.getUserName(), result.profile().userId(),
                        result.created() ? "created" : "already existed");
            }
            case "PostConfirmation_ConfirmForgotPassword" -> {
                boolean recorded = TriggerErrors.translate("PostConfirmation", () ->
                        passwords.recordPasswordChange(Invocations.required(attributes, "sub"), change));
                LOG.info("{} of {}: {}", source, event.getUserName(),
                        recorded ? "passwordChangedAt recorded" : "no profile, nothing recorded");
            }
            default -> LOG.warn("{} of {}: unknown PostConfirmation trigger source, nothing done",
                    source, event.getUserName());
        }
        return event;
    }
}
