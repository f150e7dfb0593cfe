package dev.userbase.local.standin;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreSignUpEvent;

import dev.userbase.core.aws.AwsClients;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Reserves the lower-cased email with a conditional put; a second sign-up for it fails. */
public class StandInPreSignUp implements RequestHandler<CognitoUserPoolPreSignUpEvent, CognitoUserPoolPreSignUpEvent> {

    private final AwsClients clients;

    public StandInPreSignUp(AwsClients clients, Clock clock) {
        this.clients = clients;
    }

    @Override
    public CognitoUserPoolPreSignUpEvent handleRequest(CognitoUserPoolPreSignUpEvent event, Context context) {
        String email = event.getRequest().getUserAttributes().get("email").toLowerCase(Locale.ROOT);
        try {
            clients.dynamoDb().putItem(r -> r.tableName(clients.config().usersTable())
                    .item(Map.of("pk", AttributeValue.fromS("EMAIL#" + email), "sk", AttributeValue.fromS("EMAIL"),
                            "userId", AttributeValue.fromS(event.getUserName())))
                    .conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("An account with this email already exists.");
        }
        return event;
    }
}
