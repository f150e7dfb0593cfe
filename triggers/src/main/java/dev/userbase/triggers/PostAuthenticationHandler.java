package dev.userbase.triggers;

import java.time.Clock;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostAuthenticationEvent;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.signup.SignInRecorder;
import dev.userbase.core.signup.SignInSettings;
import dev.userbase.core.signup.SignUpMetrics;
import software.amazon.lambda.powertools.logging.Logging;
import software.amazon.lambda.powertools.tracing.CaptureMode;
import software.amazon.lambda.powertools.tracing.Tracing;

/**
 * Cognito PostAuthentication trigger ({@code PostAuthentication_Authentication}): provisions the
 * profile of a user the UserMigration trigger just created and records {@code lastSignInAt} and
 * {@code signInCount}, through {@link SignInRecorder}. It never fails a sign-in: whatever goes
 * wrong is logged (and counted by the recorder) and the event is returned unchanged.
 */
public final class PostAuthenticationHandler
        implements RequestHandler<CognitoUserPoolPostAuthenticationEvent, CognitoUserPoolPostAuthenticationEvent> {

    static final String COMPONENT = "post-authentication";

    private static final Logger LOG = LogManager.getLogger(PostAuthenticationHandler.class);

    private final SignInRecorder recorder;
    // held here because the CRaC context references its resources weakly
    final SnapStartPriming priming;

    /** Lambda's constructor: configuration from the environment, SDK clients built once. */
    public PostAuthenticationHandler() {
        this(AwsClients.create(UsersConfig.fromEnvironment()), SignInSettings.fromEnvironment(), Clock.systemUTC());
    }

    public PostAuthenticationHandler(AwsClients clients, SignInSettings settings, Clock clock) {
        this(SignInRecorder.create(clients, settings, clock, SignUpMetrics.embeddedMetricFormat("triggers")));
    }

    PostAuthenticationHandler(SignInRecorder recorder) {
        this.recorder = recorder;
        this.priming = SnapStartPriming.register("PostAuthentication", recorder::prime);
    }

    @Override
    @Logging
    // ERROR only: the default would copy the whole event (email, names) into X-Ray metadata
    @Tracing(captureMode = CaptureMode.ERROR)
    public CognitoUserPoolPostAuthenticationEvent handleRequest(CognitoUserPoolPostAuthenticationEvent event,
            Context context) {
        try {
            Map<String, String> attributes = Invocations.userAttributes(event.getRequest(),
                    CognitoUserPoolPostAuthenticationEvent.Request::getUserAttributes);
            SignInRecorder.Outcome outcome = recorder.signedIn(Invocations.newUser(event.getUserName(), attributes),
                    Invocations.changeContext(COMPONENT, context));
            LOG.info("{} of {}: {}", event.getTriggerSource(), event.getUserName(), outcome);
        } catch (RuntimeException e) {
            // a sign-in Cognito has already authenticated is never refused for bookkeeping
            LOG.error("{} of {} failed unexpectedly; the sign-in goes ahead", event.getTriggerSource(),
                    event.getUserName(), e);
        }
        return event;
    }
}
