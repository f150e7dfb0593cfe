package dev.userbase.local.standin;

import java.time.Clock;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.model.UserProfile;

/** Creates the profile of the confirmed user. */
public class StandInPostConfirmation
        implements RequestHandler<CognitoUserPoolPostConfirmationEvent, CognitoUserPoolPostConfirmationEvent> {

    private final AwsClients clients;
    private final Clock clock;

    public StandInPostConfirmation(AwsClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public CognitoUserPoolPostConfirmationEvent handleRequest(CognitoUserPoolPostConfirmationEvent event, Context context) {
        var attributes = event.getRequest().getUserAttributes();
        UserProfile profile = UserProfile.builder()
                .userId(attributes.get("sub"))
                .email(attributes.get("email"))
                .displayName(attributes.getOrDefault("name", attributes.get("email")))
                .createdAt(clock.instant())
                .build();
        clients.dynamoDb().putItem(r -> r.tableName(clients.config().usersTable()).item(profile.toItem())
                .conditionExpression("attribute_not_exists(pk)"));
        return event;
    }
}
