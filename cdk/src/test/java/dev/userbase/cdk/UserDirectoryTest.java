package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.userbase.core.table.UsersTable;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class UserDirectoryTest {

    private static Template template;
    private static String poolId;

    @BeforeAll
    static void synthesize() {
        template = directory(TestInputs.devSettings());
        poolId = SynthesizedStack.onlyId(template, "AWS::Cognito::UserPool");
    }

    /** The directory over a development users table, with the sign-up policy's defaults. */
    static Template directory(DeploymentSettings settings) {
        return SynthesizedStack.synthesize("Directory", stack -> new UserDirectory(stack, "Directory",
                new UserDirectory.Props(settings, TestInputs.artifacts().triggersCode(),
                        SynthesizedStack.devTable(stack, "Users", UsersTable.DEFINITION),
                        Map.of("FEDERATED_SIGNUP_POLICY", "LINK", "EMAIL_RESERVATION_TTL_HOURS", "24"))));
    }

    @Test
    void userPool_signsUpByCaseInsensitiveEmail_verifiedByEmail() {
        template.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                "UsernameAttributes", List.of("email"),
                "UsernameConfiguration", Map.of("CaseSensitive", false),
                "AutoVerifiedAttributes", List.of("email"),
                "AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", false),
                "AccountRecoverySetting", Map.of("RecoveryMechanisms", List.of(Map.of("Name", "verified_email", "Priority", 1)))));
    }

    @Test
    void passwordPolicy_requiresTwelveCharactersOfEveryClass() {
        template.hasResourceProperties("AWS::Cognito::UserPool", Map.of("Policies", Map.of("PasswordPolicy", Map.of(
                "MinimumLength", 12,
                "RequireLowercase", true,
                "RequireUppercase", true,
                "RequireNumbers", true,
                "RequireSymbols", true,
                "TemporaryPasswordValidityDays", 3))));
    }

    @Test
    void threatProtection_isEnforcedByDefault() {
        template.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                "UserPoolAddOns", Map.of("AdvancedSecurityMode", "ENFORCED"),
                "UserPoolTier", "PLUS"));
    }

    @Test
    void triggers_areTheAliasesOfTheThreeTriggerFunctions() {
        Map<String, Map<String, Object>> aliases = template.findResources("AWS::Lambda::Alias");
        assertThat(aliases).hasSize(4);
        Map<String, Object> lambdaConfig = lambdaConfig(template);
        for (String trigger : List.of("PreSignUp", "PostConfirmation", "PreTokenGeneration", "PostAuthentication")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> ref = (Map<String, Object>) lambdaConfig.get(trigger);
            assertThat(aliases).containsKey((String) ref.get("Ref"));
        }
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", Handlers.PRE_SIGN_UP));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", Handlers.POST_CONFIRMATION));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", Handlers.PRE_TOKEN_GENERATION));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", Handlers.POST_AUTHENTICATION));
        // Cognito may invoke them, from this pool only.
        template.resourcePropertiesCountIs("AWS::Lambda::Permission", Map.of(
                "Principal", "cognito-idp.amazonaws.com",
                "SourceArn", Map.of("Fn::GetAtt", List.of(poolId, "Arn"))), 4);
    }

    @Test
    void preSignUp_mayLinkAndListUsersOfThisPoolOnly_throughAPolicyTheFunctionDoesNotWaitFor() {
        Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("PolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", List.of("cognito-idp:ListUsers", "cognito-idp:AdminLinkProviderForUser"),
                        "Effect", "Allow",
                        "Resource", Map.of("Fn::GetAtt", List.of(poolId, "Arn"))))))))));
        assertThat(policies).hasSize(1);
        String policyId = policies.keySet().iterator().next();
        Map<String, Map<String, Object>> functions = template.findResources("AWS::Lambda::Function");
        functions.values().forEach(function -> assertThat(String.valueOf(function.get("DependsOn"))).doesNotContain(policyId));
    }

    @Test
    void hostedUiClient_usesTheCodeGrantWithoutASecret() {
        template.hasResourceProperties("AWS::Cognito::UserPoolClient", Map.of(
                "AllowedOAuthFlows", List.of("code"),
                "AllowedOAuthFlowsUserPoolClient", true,
                "AllowedOAuthScopes", List.of("openid", "email", "profile"),
                "CallbackURLs", List.of("http://localhost:3000/callback"),
                "GenerateSecret", false,
                "PreventUserExistenceErrors", "ENABLED",
                "EnableTokenRevocation", true,
                "SupportedIdentityProviders", List.of("COGNITO")));
        template.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
    }

    @Test
    void emails_goThroughCognitoInDevelopment() {
        template.hasResourceProperties("AWS::Cognito::UserPool", Map.of(
                "EmailConfiguration", Map.of("EmailSendingAccount", "COGNITO_DEFAULT")));
    }

    @Test
    void adminGroup_exists() {
        template.hasResourceProperties("AWS::Cognito::UserPoolGroup", Map.of(
                "GroupName", UserDirectory.ADMIN_GROUP,
                "UserPoolId", Map.of("Ref", poolId)));
    }

    /** The pool's triggers: operation -> function reference. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> lambdaConfig(Template directory) {
        Map<String, Object> pool = directory.findResources("AWS::Cognito::UserPool")
                .get(SynthesizedStack.onlyId(directory, "AWS::Cognito::UserPool"));
        return (Map<String, Object>) ((Map<String, Object>) pool.get("Properties")).get("LambdaConfig");
    }
}
