package dev.userbase.core.signup;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.error.ForbiddenException;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.Profiles;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The {@code roles} and {@code status} claims of a user's tokens, read from their profile at every
 * sign-in and refresh. A SUSPENDED or DELETED user gets no tokens, so a suspension takes effect at
 * the next sign-in or refresh at the latest.
 *
 * <p>A user without a profile (PostConfirmation failed, or an admin-created user whose profile the
 * API has not provisioned yet) still gets tokens, with the claims a new profile would have (no
 * roles, ACTIVE): refusing them would lock the user out of {@code GET /users/me}, which is what
 * creates the missing profile. It is logged and counted
 * ({@link SignUpMetrics#PROFILE_MISSING_AT_TOKEN_GENERATION}).
 */
public final class TokenClaimsService {

    static final String SUSPENDED_MESSAGE = "This account is suspended";
    static final String DELETED_MESSAGE = "This account has been deleted";

    private static final Logger LOG = LogManager.getLogger(TokenClaimsService.class);

    private final Profiles profiles;
    private final SignUpMetrics metrics;

    public TokenClaimsService(DynamoDbClient dynamoDb, String table, SignUpMetrics metrics) {
        this.profiles = new Profiles(new Table(dynamoDb, table));
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public static TokenClaimsService create(AwsClients clients, SignUpMetrics metrics) {
        return new TokenClaimsService(clients.dynamoDb(), clients.config().usersTable(), metrics);
    }

    /** @throws ForbiddenException the user is SUSPENDED or DELETED; the message is shown to them */
    public TokenClaims claimsFor(String userId) {
        Objects.requireNonNull(userId, "userId");
        Optional<UserProfile> profile = profiles.find(userId);
        if (profile.isEmpty()) {
            LOG.warn("tokens issued to {} who has no profile yet", userId);
            metrics.count(SignUpMetrics.PROFILE_MISSING_AT_TOKEN_GENERATION);
            return new TokenClaims(Set.of(), UserStatus.ACTIVE, false);
        }
        UserProfile p = profile.get();
        switch (p.status()) {
            case SUSPENDED -> throw new ForbiddenException(SUSPENDED_MESSAGE);
            case DELETED -> throw new ForbiddenException(DELETED_MESSAGE);
            default -> {
                return new TokenClaims(p.roles(), p.status(), true);
            }
        }
    }

    /** A consistent read of a profile that never exists: warms the read path for a snapshot. */
    public void prime() {
        profiles.find(ProfileProvisioner.PRIMING_USER_ID);
    }
}
