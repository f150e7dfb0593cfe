package dev.userbase.local.standin;

import java.time.Clock;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEvent;

import dev.userbase.core.aws.AwsClients;

/** Adds a {@code status} claim to the ID token. */
public class StandInPreTokenGeneration
        implements RequestHandler<CognitoUserPoolPreTokenGenerationEvent, CognitoUserPoolPreTokenGenerationEvent> {

    public StandInPreTokenGeneration(AwsClients clients, Clock clock) {
    }

    @Override
    public CognitoUserPoolPreTokenGenerationEvent handleRequest(CognitoUserPoolPreTokenGenerationEvent event, Context context) {
        event.setResponse(CognitoUserPoolPreTokenGenerationEvent.Response.builder()
                .withClaimsOverrideDetails(CognitoUserPoolPreTokenGenerationEvent.ClaimsOverrideDetails.builder()
                        .withClaimsToAddOrOverride(Map.of("status", "ACTIVE"))
                        .build())
                .build());
        return event;
    }
}
