package dev.userbase.core.signup;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Records on the profile when a user reset their password ({@code ConfirmForgotPassword}). It
 * never creates anything: a user without a profile gets no write. The profile's {@code version}
 * is not changed, because the password is not part of what the profile API edits.
 */
public final class PasswordChangeRecorder {

    private static final Logger LOG = LogManager.getLogger(PasswordChangeRecorder.class);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public PasswordChangeRecorder(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static PasswordChangeRecorder create(AwsClients clients, Clock clock) {
        return new PasswordChangeRecorder(clients.dynamoDb(), clients.config().usersTable(), clock);
    }

    /** Sets {@code passwordChangedAt}; returns false (and writes nothing) if the user has no profile. */
    public boolean recordPasswordChange(String userId, ChangeContext context) {
        Objects.requireNonNull(userId, "userId");
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values =
                new HashMap<>(context.expressionValues());
        values.put(":now", Attributes.time(clock.instant()));
        try {
            dynamoDb.updateItem(UpdateItemRequest.builder()
                    .tableName(table)
                    .key(UserProfile.key(userId))
                    .updateExpression("SET #changedAt = :now, " + ChangeContext.setClause())
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", UsersTable.PK, "#changedAt", UserProfile.PASSWORD_CHANGED_AT))
                    .expressionAttributeValues(values)
                    .build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            LOG.info("password of {} changed; no profile to record it on", userId);
            return false;
        }
    }
}
