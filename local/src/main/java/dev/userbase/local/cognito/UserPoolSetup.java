package dev.userbase.local.cognito;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.local.Json;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * The user pool of the local stack in cognito-local: email as the username, codes sent to the email
 * (cognito-local prints them), an app client that signs in with USER_PASSWORD_AUTH, and the
 * {@code admin} group. Reused across restarts through {@code cognito.json}; created when missing.
 */
public final class UserPoolSetup {

    private static final Logger LOG = LogManager.getLogger(UserPoolSetup.class);
    public static final String POOL_NAME = "users";
    public static final String CLIENT_NAME = "local";
    public static final String ADMIN_GROUP = "admin";

    /** What clients need to talk to the pool; the content of {@code .local/cognito.json}. */
    public record UserPool(String userPoolId, String clientId, URI endpoint) {

        public String toJson() {
            return Json.string(Json.object()
                    .put("userPoolId", userPoolId)
                    .put("clientId", clientId)
                    .put("endpoint", endpoint.toString()));
        }

        public static Optional<UserPool> read(Path file) {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                JsonNode json = Json.parse(Files.readAllBytes(file));
                return Optional.of(new UserPool(json.path("userPoolId").asText(), json.path("clientId").asText(),
                        URI.create(json.path("endpoint").asText())));
            } catch (IOException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    private UserPoolSetup() {
    }

    /**
     * Finds the pool recorded in {@code stateFile} (if {@code reuse}) or creates a new one, and records
     * it there.
     */
    public static UserPool ensure(CognitoIdentityProviderClient cognito, URI endpoint, Path stateFile, boolean reuse)
            throws IOException {
        UserPool pool = (reuse ? UserPool.read(stateFile) : Optional.<UserPool>empty())
                .filter(recorded -> exists(cognito, recorded))
                .map(recorded -> new UserPool(recorded.userPoolId(), recorded.clientId(), endpoint))
                .orElseGet(() -> create(cognito, endpoint));
        ensureGroup(cognito, pool.userPoolId(), ADMIN_GROUP);
        Files.createDirectories(stateFile.toAbsolutePath().getParent());
        Files.writeString(stateFile, pool.toJson() + "\n");
        return pool;
    }

    private static boolean exists(CognitoIdentityProviderClient cognito, UserPool pool) {
        try {
            cognito.describeUserPool(r -> r.userPoolId(pool.userPoolId()));
            cognito.describeUserPoolClient(r -> r.userPoolId(pool.userPoolId()).clientId(pool.clientId()));
            return true;
        } catch (CognitoIdentityProviderException e) {
            LOG.info("the recorded user pool {} is gone ({}): creating a new one", pool.userPoolId(),
                    e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode());
            return false;
        }
    }

    private static UserPool create(CognitoIdentityProviderClient cognito, URI endpoint) {
        String poolId = cognito.createUserPool(r -> r.poolName(POOL_NAME)
                        .usernameAttributes(UsernameAttributeType.EMAIL)
                        .autoVerifiedAttributes(VerifiedAttributeType.EMAIL))
                .userPool().id();
        String clientId = cognito.createUserPoolClient(r -> r.userPoolId(poolId)
                        .clientName(CLIENT_NAME)
                        .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .userPoolClient().clientId();
        LOG.debug("created user pool {} with app client {}", poolId, clientId);
        return new UserPool(poolId, clientId, endpoint);
    }

    private static void ensureGroup(CognitoIdentityProviderClient cognito, String poolId, String group) {
        // ListGroups, not GetGroup: cognito-local's GetGroup fails with a 500 on a pool without groups.
        boolean exists = cognito.listGroups(r -> r.userPoolId(poolId)).groups().stream()
                .anyMatch(g -> g.groupName().equals(group));
        if (!exists) {
            cognito.createGroup(r -> r.userPoolId(poolId).groupName(group)
                    .description("Administrators: may use the admin routes of the API"));
        }
    }

    /**
     * Makes the app client a managed-login client as a user pool domain's is: the authorization-code
     * grant with the OIDC scopes, and these callback and sign-out URLs (the local stack's settings, so
     * they follow a change of {@code LOCAL_CALLBACK_URLS} on the next start).
     */
    public static void registerManagedLogin(CognitoIdentityProviderClient cognito, UserPool pool,
                                            java.util.List<String> callbackUrls, java.util.List<String> logoutUrls) {
        cognito.updateUserPoolClient(r -> r.userPoolId(pool.userPoolId()).clientId(pool.clientId())
                .clientName(CLIENT_NAME)
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                .supportedIdentityProviders("COGNITO")
                .allowedOAuthFlowsUserPoolClient(true)
                .allowedOAuthFlowsWithStrings("code")
                .allowedOAuthScopes("openid", "email", "phone", "profile", "aws.cognito.signin.user.admin")
                .callbackURLs(callbackUrls)
                .logoutURLs(logoutUrls));
    }

    /** The sign-in flow the app client allows, for callers that sign users in. */
    public static AuthFlowType signInFlow() {
        return AuthFlowType.USER_PASSWORD_AUTH;
    }
}
