package dev.userbase.triggers;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEvent;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.signup.SignUpMetrics;
import dev.userbase.core.signup.TokenClaims;
import dev.userbase.core.signup.TokenClaimsService;
import software.amazon.lambda.powertools.logging.Logging;
import software.amazon.lambda.powertools.tracing.CaptureMode;
import software.amazon.lambda.powertools.tracing.Tracing;

/**
 * Cognito PreTokenGeneration trigger (event version 1, every {@code TokenGeneration_*} source):
 * adds the {@code status} and {@code roles} claims from the user's profile to the ID token through
 * {@link TokenClaimsService}, and refuses tokens to a SUSPENDED or DELETED user. Only
 * {@code response.claimsOverrideDetails.claimsToAddOrOverride} is changed.
 */
public final class PreTokenGenerationHandler
        implements RequestHandler<CognitoUserPoolPreTokenGenerationEvent, CognitoUserPoolPreTokenGenerationEvent> {

    private static final Logger LOG = LogManager.getLogger(PreTokenGenerationHandler.class);

    private final TokenClaimsService claims;
    // held here because the CRaC context references its resources weakly
    final SnapStartPriming priming;

    /** Lambda's constructor: configuration from the environment, SDK clients built once. */
    public PreTokenGenerationHandler() {
        this(AwsClients.create(UsersConfig.fromEnvironment()), Clock.systemUTC());
    }

    public PreTokenGenerationHandler(AwsClients clients, Clock clock) {
        this(TokenClaimsService.create(clients, SignUpMetrics.embeddedMetricFormat("triggers")));
    }

    PreTokenGenerationHandler(TokenClaimsService claims) {
        this.claims = claims;
        this.priming = SnapStartPriming.register("PreTokenGeneration", claims::prime);
    }

    @Override
    @Logging
    // ERROR only: the default would copy the whole event (email, names) into X-Ray metadata
    @Tracing(captureMode = CaptureMode.ERROR)
    public CognitoUserPoolPreTokenGenerationEvent handleRequest(CognitoUserPoolPreTokenGenerationEvent event,
            Context context) {
        Map<String, String> attributes = Invocations.userAttributes(event.getRequest(),
                CognitoUserPoolPreTokenGenerationEvent.Request::getUserAttributes);
        TokenClaims tokenClaims = TriggerErrors.translate("PreTokenGeneration",
                () -> claims.claimsFor(Invocations.required(attributes, "sub")));

        CognitoUserPoolPreTokenGenerationEvent.Response response = event.getResponse() != null
                ? event.getResponse() : new CognitoUserPoolPreTokenGenerationEvent.Response();
        CognitoUserPoolPreTokenGenerationEvent.ClaimsOverrideDetails details = response.getClaimsOverrideDetails() != null
                ? response.getClaimsOverrideDetails() : new CognitoUserPoolPreTokenGenerationEvent.ClaimsOverrideDetails();
        Map<String, String> overrides = details.getClaimsToAddOrOverride() == null
                ? new HashMap<>() : new HashMap<>(details.getClaimsToAddOrOverride());
        overrides.putAll(tokenClaims.asClaims());
        details.setClaimsToAddOrOverride(overrides);
        response.setClaimsOverrideDetails(details);
        event.setResponse(response);
        LOG.info("{} of {}: status {}, {} role(s){}", event.getTriggerSource(), event.getUserName(),
                tokenClaims.status(), tokenClaims.roles().size(), tokenClaims.profileFound() ? "" : ", no profile yet");
        return event;
    }
}
