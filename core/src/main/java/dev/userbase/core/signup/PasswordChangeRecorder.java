package dev.userbase.core.signup;

import java.time.Clock;
import java.util.Objects;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.Profiles;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Records on the profile when a user reset their password ({@code ConfirmForgotPassword}). It
 * never creates anything: a user without a profile gets no write. The profile's {@code version}
 * is not changed, because the password is not part of what the profile API edits.
 */
public final class PasswordChangeRecorder {

    private static final Logger LOG = LogManager.getLogger(PasswordChangeRecorder.class);

    private final Profiles profiles;
    private final Clock clock;

    public PasswordChangeRecorder(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.profiles = new Profiles(new Table(dynamoDb, table));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static PasswordChangeRecorder create(AwsClients clients, Clock clock) {
        return new PasswordChangeRecorder(clients.dynamoDb(), clients.config().usersTable(), clock);
    }

    /** Sets {@code passwordChangedAt}; returns false (and writes nothing) if the user has no profile. */
    public boolean recordPasswordChange(String userId, ChangeContext context) {
        Objects.requireNonNull(userId, "userId");
        if (profiles.recordPasswordChange(userId, clock.instant(), context)) {
            return true;
        }
        LOG.info("password of {} changed; no profile to record it on", userId);
        return false;
    }
}
