package dev.userbase.cdk;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * What the smoke test ({@code scripts/smoke}) needs in a deployed stage, and nothing more:
 * <ul>
 *   <li>an app client that signs in with {@code ADMIN_USER_PASSWORD_AUTH} only. That flow is the
 *       {@code AdminInitiateAuth} API, which needs IAM credentials, so the client opens no password
 *       sign-in to the internet (the web client stays SRP and the hosted UI); it has no OAuth flows
 *       and short-lived tokens;</li>
 *   <li>the role {@code users-<env>-smoke-test}, which only the CI deploy role ({@link CiStack}) may
 *       assume (role chaining in {@code deploy.yml}), allowed to read this stack's outputs, create,
 *       sign in and delete users of this pool, and read this stage's event log group.</li>
 * </ul>
 */
public final class SmokeTestAccess extends Construct {

    /** The Cognito calls of the smoke test, on this pool only. */
    static final List<String> COGNITO_ACTIONS = List.of("cognito-idp:AdminCreateUser",
            "cognito-idp:AdminSetUserPassword", "cognito-idp:AdminInitiateAuth", "cognito-idp:AdminDeleteUser");

    /**
     * @param deployRoleName the role allowed to assume the smoke-test role (the CI stack's deploy role)
     */
    public record Props(DeploymentSettings settings, UserPool userPool, ILogGroup eventLog, String deployRoleName) {
    }

    private final UserPoolClient client;
    private final Role role;

    public SmokeTestAccess(Construct scope, String id, Props props) {
        super(scope, id);
        DeploymentSettings settings = props.settings();
        client = props.userPool().addClient("SmokeTestClient", UserPoolClientOptions.builder()
                .userPoolClientName(settings.namePrefix() + "-smoke-test")
                .generateSecret(false)
                .authFlows(AuthFlow.builder().adminUserPassword(true).build())
                .disableOAuth(true)
                .preventUserExistenceErrors(true)
                .enableTokenRevocation(true)
                // Cognito's minimum: the smoke test needs its tokens for a minute or two.
                .idTokenValidity(Duration.minutes(5))
                .accessTokenValidity(Duration.minutes(5))
                .refreshTokenValidity(Duration.hours(1))
                .build());

        Stack stack = Stack.of(this);
        String deployRole = stack.formatArn(ArnComponents.builder()
                .service("iam").region("").resource("role").resourceName(props.deployRoleName())
                .build());
        // The log group's ARN without the ":*" of its GetAtt: FilterLogEvents is a log-group action.
        String eventLog = stack.formatArn(ArnComponents.builder()
                .service("logs").resource("log-group").resourceName(props.eventLog().getLogGroupName())
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                .build());
        role = Role.Builder.create(this, "Role")
                .roleName(roleName(settings))
                .description("Runs the smoke test against " + settings.stackName() + " (assumed by the CI deploy role)")
                // The account as principal with the deploy role's ARN as a condition, rather than the role
                // as principal: IAM rejects a trust policy naming a role that does not exist yet, and this
                // stack can be deployed before (or without) the CI stack.
                .assumedBy(new AccountPrincipal(Aws.ACCOUNT_ID).withConditions(Map.of(
                        "ArnEquals", Map.of("aws:PrincipalArn", deployRole))))
                .maxSessionDuration(Duration.hours(1))
                .inlinePolicies(Map.of("smoke-test", PolicyDocument.Builder.create()
                        .statements(List.of(
                                PolicyStatement.Builder.create()
                                        .actions(List.of("cloudformation:DescribeStacks"))
                                        .resources(List.of(Aws.STACK_ID))
                                        .build(),
                                PolicyStatement.Builder.create()
                                        .actions(COGNITO_ACTIONS)
                                        .resources(List.of(props.userPool().getUserPoolArn()))
                                        .build(),
                                PolicyStatement.Builder.create()
                                        .actions(List.of("logs:FilterLogEvents"))
                                        .resources(List.of(eventLog))
                                        .build()))
                        .build()))
                .build();
    }

    /** {@code users-<env>-smoke-test}: named, so the CI stack can allow assuming it before it exists. */
    public static String roleName(DeploymentSettings settings) {
        return roleName(settings.environment());
    }

    public static String roleName(String environment) {
        return "users-" + environment + "-smoke-test";
    }

    public UserPoolClient client() {
        return client;
    }

    public Role role() {
        return role;
    }
}
