package dev.userbase.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.iam.IOidcProvider;
import software.amazon.awscdk.services.iam.OidcProviderNative;
import software.amazon.awscdk.services.iam.OidcProviderNativeProps;
import software.amazon.awscdk.services.iam.OpenIdConnectPrincipal;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * {@code users-ci-stack}, deployed once per account: GitHub's OIDC provider and the role the
 * workflows assume with their OIDC token ({@code .github/workflows/deploy-stage.yml}), so no
 * access key is ever stored in GitHub.
 *
 * <p>The trust policy admits only tokens for AWS ({@code aud}) issued to this repository's branch or
 * to one of its environments ({@code sub}, compared exactly). The role itself can do nothing but assume
 * other roles, each named exactly: the CDK bootstrap roles {@code cdk deploy} and {@code cdk diff} work
 * through (deploy, file publishing, lookup; CloudFormation's execution role does the deploying), and the
 * smoke-test role of each stage ({@link SmokeTestAccess}).
 */
public final class CiStack extends Stack {

    public static final String STACK_NAME = "users-ci-stack";
    public static final String DEPLOY_ROLE_NAME = "users-ci-deploy";
    public static final String GITHUB_ISSUER = "token.actions.githubusercontent.com";
    /** The audience {@code aws-actions/configure-aws-credentials} asks GitHub's token for. */
    public static final String AUDIENCE = "sts.amazonaws.com";
    /**
     * The bootstrap roles the CDK CLI assumes: {@code deploy} (CloudFormation change sets, the bootstrap
     * version), {@code file-publishing} (the Lambda jars to the staging bucket), {@code lookup} ({@code cdk
     * diff} reads the deployed template with it). No {@code image-publishing}: the stacks have no container
     * image assets.
     */
    static final List<String> BOOTSTRAP_ROLES = List.of("deploy", "file-publishing", "lookup");

    private final CiSettings settings;
    private final IOidcProvider provider;
    private final Role deployRole;

    public CiStack(Construct scope, String id, StackProps props, CiSettings settings) {
        super(scope, id, props);
        this.settings = settings;

        provider = settings.existingOidcProvider() != null
                ? OidcProviderNative.fromOidcProviderArn(this, "GitHub", settings.existingOidcProvider())
                : new OidcProviderNative(this, "GitHub", OidcProviderNativeProps.builder()
                        .url("https://" + GITHUB_ISSUER)
                        .clientIds(List.of(AUDIENCE))
                        .build());

        deployRole = Role.Builder.create(this, "DeployRole")
                .roleName(DEPLOY_ROLE_NAME)
                .description("Assumed by GitHub Actions of " + settings.repository()
                        + " (OIDC): deploys the users stacks through the CDK bootstrap roles")
                .assumedBy(new OpenIdConnectPrincipal(provider, Map.of("StringEquals", Map.of(
                        GITHUB_ISSUER + ":aud", AUDIENCE,
                        GITHUB_ISSUER + ":sub", settings.subjects()))))
                .maxSessionDuration(Duration.hours(1))
                .inlinePolicies(Map.of("assume-deployment-roles", PolicyDocument.Builder.create()
                        .statements(List.of(
                                PolicyStatement.Builder.create()
                                        .sid("CdkBootstrapRoles")
                                        .actions(List.of("sts:AssumeRole"))
                                        .resources(bootstrapRoleArns())
                                        .build(),
                                PolicyStatement.Builder.create()
                                        .sid("SmokeTestRoles")
                                        .actions(List.of("sts:AssumeRole"))
                                        .resources(settings.environments().stream()
                                                .map(environment -> roleArn(SmokeTestAccess.roleName(environment)))
                                                .toList())
                                        .build()))
                        .build()))
                .build();

        CfnOutput.Builder.create(this, "DeployRoleArn").value(deployRole.getRoleArn())
                .description("role-to-assume of the deploy workflow: the repository variable AWS_DEPLOY_ROLE_ARN")
                .build();
        CfnOutput.Builder.create(this, "OidcProviderArn").value(provider.getOidcProviderArn())
                .description("GitHub's OIDC provider in this account").build();

        Tags.of(this).add("Service", "userbase");
        Tags.of(this).add("Environment", "ci");
        Tags.of(this).add("ManagedBy", "cdk");
        Tags.of(this).add("Domain", "user-management");
    }

    private List<String> bootstrapRoleArns() {
        List<String> regions = settings.regions().isEmpty() ? List.of(Aws.REGION) : settings.regions();
        List<String> arns = new ArrayList<>();
        for (String region : regions) {
            for (String role : BOOTSTRAP_ROLES) {
                // The names `cdk bootstrap` gives them: cdk-<qualifier>-<role>-role-<account>-<region>.
                arns.add(roleArn("cdk-" + settings.bootstrapQualifier() + "-" + role + "-role-" + Aws.ACCOUNT_ID
                        + "-" + region));
            }
        }
        return arns;
    }

    private String roleArn(String name) {
        return formatArn(ArnComponents.builder().service("iam").region("").resource("role").resourceName(name).build());
    }

    public CiSettings settings() {
        return settings;
    }

    public IOidcProvider provider() {
        return provider;
    }

    public Role deployRole() {
        return deployRole;
    }
}
