package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code users-ci-stack}: whom the deploy role trusts, and what it may do, on the synthesized template. */
class CiStackTest {

    private static final String REPOSITORY = "acme-corp/userbase";
    private static final String BOOTSTRAP_ROLE = "arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-hnb659fds-%s-role-"
            + "<AWS::AccountId>-%s";
    private static final String SMOKE_ROLE = "arn:<AWS::Partition>:iam::<AWS::AccountId>:role/users-%s-smoke-test";

    private static JsonNode defaultTemplate;

    @Test
    void synthesize_passesCdkNag_andHoldsOnlyTheProviderAndTheRole() {
        UsersApp.Result result = CiApp.synthesize(outdir(), Map.of(CiSettings.REPOSITORY, REPOSITORY));
        assertThat(result.errors()).isEmpty();
        assertThat(result.stackName()).isEqualTo("users-ci-stack");
        assertThat(result.outdir().resolve("AwsSolutions-users-ci-stack-NagReport.csv")).exists();
        // No custom resource, no Lambda function: the provider is the native CloudFormation resource.
        Set<String> types = new TreeSet<>();
        template().get("Resources").forEach(resource -> types.add(resource.get("Type").asText()));
        assertThat(types).containsExactly("AWS::IAM::OIDCProvider", "AWS::IAM::Role");
        assertThat(template().get("Outputs").has("DeployRoleArn")).isTrue();
    }

    @Test
    void provider_isGitHubsIssuer_forTheStsAudience() {
        JsonNode provider = only(template(), "AWS::IAM::OIDCProvider");
        assertThat(provider.at("/Properties/Url").asText()).isEqualTo("https://token.actions.githubusercontent.com");
        assertThat(SynthesizedApp.strings(provider.at("/Properties/ClientIdList"))).containsExactly("sts.amazonaws.com");
    }

    @Test
    void trustPolicy_admitsOnlyThisRepositorysMainBranchAndEnvironments_forAws() {
        JsonNode role = only(template(), "AWS::IAM::Role");
        assertThat(role.at("/Properties/RoleName").asText()).isEqualTo("users-ci-deploy");
        JsonNode statements = role.at("/Properties/AssumeRolePolicyDocument/Statement");
        assertThat(statements).hasSize(1);
        JsonNode trust = statements.get(0);
        assertThat(trust.get("Effect").asText()).isEqualTo("Allow");
        assertThat(SynthesizedApp.strings(trust.get("Action"))).containsExactly("sts:AssumeRoleWithWebIdentity");
        String provider = logicalId(template(), "AWS::IAM::OIDCProvider");
        assertThat(PolicyStatements.flatten(trust.at("/Principal/Federated"))).isIn("<" + provider + ">",
                "<" + provider + ".Arn>");
        // Exact comparisons only: no StringLike, so no pattern can widen the subjects.
        JsonNode condition = trust.get("Condition");
        assertThat(fieldNames(condition)).containsExactly("StringEquals");
        JsonNode equals = condition.get("StringEquals");
        assertThat(fieldNames(equals)).containsExactlyInAnyOrder("token.actions.githubusercontent.com:aud",
                "token.actions.githubusercontent.com:sub");
        assertThat(SynthesizedApp.strings(equals.get("token.actions.githubusercontent.com:aud")))
                .containsExactly("sts.amazonaws.com");
        assertThat(SynthesizedApp.strings(equals.get("token.actions.githubusercontent.com:sub"))).containsExactlyInAnyOrder(
                "repo:acme-corp/userbase:ref:refs/heads/main",
                "repo:acme-corp/userbase:environment:dev",
                "repo:acme-corp/userbase:environment:prod");
    }

    @Test
    void nothingInTheTemplate_isAWildcard() {
        List<String> strings = new ArrayList<>();
        collectStrings(template().get("Resources"), strings);
        assertThat(strings).isNotEmpty().noneMatch(s -> s.contains("*"));
    }

    @Test
    void deployRole_mayOnlyAssumeTheBootstrapRolesAndTheSmokeTestRoles_eachNamedExactly() {
        Map<String, List<String>> statements = permissions(template());
        assertThat(statements.keySet()).containsExactlyInAnyOrder("CdkBootstrapRoles", "SmokeTestRoles");
        assertThat(statements.get("CdkBootstrapRoles")).containsExactlyInAnyOrder(
                BOOTSTRAP_ROLE.formatted("deploy", "<AWS::Region>"),
                BOOTSTRAP_ROLE.formatted("file-publishing", "<AWS::Region>"),
                BOOTSTRAP_ROLE.formatted("lookup", "<AWS::Region>"));
        assertThat(statements.get("SmokeTestRoles")).containsExactlyInAnyOrder(
                SMOKE_ROLE.formatted("dev"), SMOKE_ROLE.formatted("prod"));
        only(template(), "AWS::IAM::Role").at("/Properties/Policies").forEach(policy ->
                policy.at("/PolicyDocument/Statement").forEach(statement -> {
                    assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
                    assertThat(SynthesizedApp.strings(statement.get("Action"))).containsExactly("sts:AssumeRole");
                    assertThat(statement.has("NotResource")).isFalse();
                    assertThat(statement.has("NotAction")).isFalse();
                }));
        assertThat(only(template(), "AWS::IAM::Role").at("/Properties/ManagedPolicyArns").isMissingNode()).isTrue();
    }

    @Test
    void context_namesRegionsEnvironmentsBranchQualifierAndAnExistingProvider() {
        String existing = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(CiSettings.REPOSITORY, "Acme/Users.Service");
        context.put(CiSettings.ENVIRONMENTS, "qa, prod");
        context.put(CiSettings.BRANCH, "release");
        context.put(CiSettings.REGIONS, "eu-west-1,us-east-1");
        context.put(CiSettings.BOOTSTRAP_QUALIFIER, "users01");
        context.put(CiSettings.OIDC_PROVIDER_ARN, existing);
        UsersApp.Result result = CiApp.synthesize(outdir(), context);
        assertThat(result.errors()).isEmpty();
        JsonNode template = read(result);

        assertThat(types(template)).containsExactly("AWS::IAM::Role");
        JsonNode trust = only(template, "AWS::IAM::Role").at("/Properties/AssumeRolePolicyDocument/Statement/0");
        assertThat(PolicyStatements.flatten(trust.at("/Principal/Federated"))).isEqualTo(existing);
        assertThat(SynthesizedApp.strings(trust.at("/Condition/StringEquals/token.actions.githubusercontent.com:sub")))
                .containsExactlyInAnyOrder("repo:Acme/Users.Service:ref:refs/heads/release",
                        "repo:Acme/Users.Service:environment:qa", "repo:Acme/Users.Service:environment:prod");
        String role = "arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-users01-%s-role-<AWS::AccountId>-%s";
        List<String> expected = new ArrayList<>();
        for (String region : List.of("eu-west-1", "us-east-1")) {
            for (String kind : List.of("deploy", "file-publishing", "lookup")) {
                expected.add(role.formatted(kind, region));
            }
        }
        Map<String, List<String>> statements = permissions(template);
        assertThat(statements.get("CdkBootstrapRoles")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(statements.get("SmokeTestRoles")).containsExactlyInAnyOrder(SMOKE_ROLE.formatted("qa"),
                SMOKE_ROLE.formatted("prod"));
    }

    @Test
    void settings_refuseWhatWouldWidenOrBreakTheTrust() {
        assertThatThrownBy(() -> settings(Map.of())).hasMessageContaining("githubRepository")
                .hasMessageContaining("required");
        assertThatThrownBy(() -> settings(Map.of(CiSettings.REPOSITORY, "userbase")))
                .hasMessageContaining("owner/name");
        assertThatThrownBy(() -> settings(Map.of(CiSettings.REPOSITORY, "acme/*")))
                .hasMessageContaining("owner/name");
        assertThatThrownBy(() -> settings(Map.of(CiSettings.REPOSITORY, REPOSITORY, CiSettings.BRANCH, "release/*")))
                .hasMessageContaining("githubBranch");
        assertThatThrownBy(() -> settings(Map.of(CiSettings.REPOSITORY, REPOSITORY, CiSettings.ENVIRONMENTS, "Prod")))
                .hasMessageContaining("githubEnvironments");
        assertThatThrownBy(() -> settings(Map.of(CiSettings.REPOSITORY, REPOSITORY, CiSettings.ENVIRONMENTS, " , ")))
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> settings(Map.of(CiSettings.REPOSITORY, REPOSITORY, CiSettings.REGIONS, "*")))
                .hasMessageContaining("deployRegions");
        assertThatThrownBy(() -> settings(Map.of(CiSettings.REPOSITORY, REPOSITORY,
                CiSettings.OIDC_PROVIDER_ARN, "arn:aws:iam::123456789012:oidc-provider/accounts.google.com")))
                .hasMessageContaining("githubOidcProviderArn");
        assertThat(settings(Map.of(CiSettings.REPOSITORY, REPOSITORY)).subjects()).hasSize(3);
    }

    @Test
    void deployRole_andTheUsersStacksSmokeTestRole_agreeOnTheirNames() {
        SynthesizedApp users = SynthesizedApp.dev();
        String smokeRole = users.logicalId("AWS::IAM::Role", "SmokeTestRole");
        JsonNode role = users.resources().get(smokeRole);
        assertThat(role.at("/Properties/RoleName").asText()).isEqualTo(SmokeTestAccess.roleName("dev"));
        assertThat(permissions(template()).get("SmokeTestRoles")).contains(SMOKE_ROLE.formatted("dev"));
        JsonNode trust = role.at("/Properties/AssumeRolePolicyDocument/Statement/0");
        assertThat(PolicyStatements.flatten(trust.at("/Condition/ArnEquals/aws:PrincipalArn")))
                .isEqualTo("arn:<AWS::Partition>:iam::<AWS::AccountId>:role/" + CiStack.DEPLOY_ROLE_NAME);
    }

    private static CiSettings settings(Map<String, Object> context) {
        return CiSettings.fromContext(context::get);
    }

    private static synchronized JsonNode template() {
        if (defaultTemplate == null) {
            defaultTemplate = read(CiApp.synthesize(outdir(), Map.of(CiSettings.REPOSITORY, REPOSITORY)));
        }
        return defaultTemplate;
    }

    private static JsonNode read(UsersApp.Result result) {
        try {
            return SynthesizedApp.JSON.readTree(result.template().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.nio.file.Path outdir() {
        try {
            return TestInputs.temporaryDirectory("userbase-ci-stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sid -> flattened resources of the deploy role's inline policy statements. */
    private static Map<String, List<String>> permissions(JsonNode template) {
        Map<String, List<String>> statements = new LinkedHashMap<>();
        only(template, "AWS::IAM::Role").at("/Properties/Policies").forEach(policy ->
                policy.at("/PolicyDocument/Statement").forEach(statement -> {
                    List<String> resources = new ArrayList<>();
                    JsonNode resource = statement.get("Resource");
                    if (resource.isArray()) {
                        resource.forEach(r -> resources.add(PolicyStatements.flatten(r)));
                    } else {
                        resources.add(PolicyStatements.flatten(resource));
                    }
                    statements.put(statement.path("Sid").asText(), resources);
                }));
        return statements;
    }

    private static Set<String> types(JsonNode template) {
        Set<String> types = new TreeSet<>();
        template.get("Resources").forEach(resource -> types.add(resource.get("Type").asText()));
        return types;
    }

    private static JsonNode only(JsonNode template, String type) {
        return template.get("Resources").get(logicalId(template, type));
    }

    private static String logicalId(JsonNode template, String type) {
        List<String> ids = new ArrayList<>();
        template.get("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                ids.add(e.getKey());
            }
        });
        assertThat(ids).as("resources of type %s", type).hasSize(1);
        return ids.get(0);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void collectStrings(JsonNode node, List<String> strings) {
        if (node.isTextual()) {
            strings.add(node.asText());
        }
        node.properties().forEach(e -> {
            strings.add(e.getKey());
            collectStrings(e.getValue(), strings);
        });
        if (node.isArray()) {
            node.forEach(child -> collectStrings(child, strings));
        }
    }
}
