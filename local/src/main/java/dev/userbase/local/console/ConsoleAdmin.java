package dev.userbase.local.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.JWTParser;

import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * The console's own administrator in the local pool: created on first use with AdminCreateUser (no
 * sign-up, so no trigger runs and it has no profile: it never shows among the users), put in the
 * {@code admin} group, and signed in with USER_PASSWORD_AUTH. Its ID token is reused until a minute
 * before it expires. The password is random per stack process and reset on each start.
 */
final class ConsoleAdmin {

    static final String USERNAME = "local-console@example.com";
    private static final Duration MARGIN = Duration.ofMinutes(1);

    private final CognitoIdentityProviderClient cognito;
    private final String userPoolId;
    private final String clientId;
    private final Clock clock;
    private final String password = "Console-" + UUID.randomUUID() + "-1a";
    private boolean created;
    private String idToken;
    private Instant expiresAt = Instant.EPOCH;

    ConsoleAdmin(CognitoIdentityProviderClient cognito, String userPoolId, String clientId, Clock clock) {
        this.cognito = cognito;
        this.userPoolId = userPoolId;
        this.clientId = clientId;
        this.clock = clock;
    }

    /** An ID token of the console's administrator, fresh for at least a minute. */
    synchronized String idToken() {
        if (idToken != null && clock.instant().isBefore(expiresAt.minus(MARGIN))) {
            return idToken;
        }
        if (!created) {
            ensureUser();
            created = true;
        }
        idToken = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", USERNAME, "PASSWORD", password))).authenticationResult().idToken();
        try {
            expiresAt = JWTParser.parse(idToken).getJWTClaimsSet().getExpirationTime().toInstant();
        } catch (java.text.ParseException | NullPointerException e) {
            expiresAt = clock.instant().plus(Duration.ofMinutes(5));
        }
        return idToken;
    }

    private void ensureUser() {
        try {
            cognito.adminGetUser(r -> r.userPoolId(userPoolId).username(USERNAME));
        } catch (UserNotFoundException e) {
            cognito.adminCreateUser(r -> r.userPoolId(userPoolId).username(USERNAME)
                    .messageAction(MessageActionType.SUPPRESS)
                    .temporaryPassword(password)
                    .userAttributes(a -> a.name("email").value(USERNAME)));
        }
        cognito.adminSetUserPassword(r -> r.userPoolId(userPoolId).username(USERNAME).password(password).permanent(true));
        cognito.adminAddUserToGroup(r -> r.userPoolId(userPoolId).username(USERNAME).groupName("admin"));
    }
}
