package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.deploy.StackOutput;

/**
 * Security properties of the whole synthesized app ({@code users-dev-stack}), checked on the
 * template CloudFormation would receive.
 */
class UsersStackSecurityTest {

    private static final Set<String> XRAY = Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords");

    private final SynthesizedApp app = SynthesizedApp.dev();

    @Test
    void cdkNag_reportsNoUnsuppressedError() {
        assertThat(app.result.errors()).isEmpty();
        // The checks really ran: the report lists findings, suppressed ones with their reasons.
        assertThat(app.result.outdir().resolve("AwsSolutions-users-dev-stack-NagReport.csv"))
                .exists()
                .content().contains("AwsSolutions-IAM5", "Suppressed", "X-Ray PutTraceSegments");
    }

    @Test
    void stack_isNamedAfterTheEnvironment() {
        assertThat(app.result.stackName()).isEqualTo("users-dev-stack");
        assertThat(app.result.template().getFileName()).hasToString("users-dev-stack.template.json");
    }

    @Test
    void policies_allowNoWildcardActions_exceptTheKeyAdministrationStatement() {
        List<PolicyStatements.Found> statements = PolicyStatements.all(app);
        assertThat(statements).hasSizeGreaterThan(40);
        for (PolicyStatements.Found found : statements) {
            // A Deny may be broad (the TLS-only statements deny every action over plain HTTP).
            if (!found.allows() || isKeyAdministration(found)) {
                continue;
            }
            assertThat(found.actions())
                    .as("actions of %s (%s)", found.logicalId(), found.type())
                    .noneMatch(action -> action.contains("*"));
        }
    }

    @Test
    void policies_nameTheirResources_exceptXrayAndKeyPolicies() {
        for (PolicyStatements.Found found : PolicyStatements.all(app)) {
            if (!found.allows() || found.type().equals("AWS::KMS::Key")) {
                // Deny statements (TLS enforcement) and key policies, where "*" is the key itself.
                continue;
            }
            boolean wildcard = found.resources().stream().anyMatch(r -> r.contains("*"));
            if (wildcard) {
                assertThat(Set.copyOf(found.actions()))
                        .as("%s grants %s on a wildcard resource", found.logicalId(), found.actions())
                        .isSubsetOf(XRAY);
            }
        }
    }

    @Test
    void onlyTheAccountRootAdministersKeys() {
        List<PolicyStatements.Found> admin = PolicyStatements.all(app).stream()
                .filter(found -> found.actions().contains("kms:*"))
                .toList();
        assertThat(admin).isNotEmpty().allMatch(UsersStackSecurityTest::isKeyAdministration);
    }

    @Test
    void tableAndIndexPermissions_nameTheTableAndEachIndex() {
        String usersTable = app.logicalId("AWS::DynamoDB::Table", "UsersTable");
        String socialRole = app.logicalId("AWS::IAM::Role", "SocialApiRole");
        List<String> queryResources = new ArrayList<>();
        statementsOf(socialRole).stream()
                .filter(found -> found.actions().contains("dynamodb:Query"))
                .forEach(found -> queryResources.addAll(found.resources()));
        assertThat(queryResources).containsExactlyInAnyOrder(
                "<" + usersTable + ".Arn>",
                "<" + usersTable + ".Arn>/index/followers",
                "<" + usersTable + ".Arn>/index/search");
        String counterRole = app.logicalId("AWS::IAM::Role", "StreamsFollowCounterRole");
        statementsOf(counterRole).stream()
                .filter(found -> found.actions().contains("dynamodb:GetRecords"))
                .forEach(found -> assertThat(found.resources()).containsExactly("<" + usersTable + ".StreamArn>"));
    }

    @Test
    void everyTable_hasPointInTimeRecoveryAndEncryption() {
        Map<String, JsonNode> tables = app.resources("AWS::DynamoDB::Table");
        assertThat(tables).hasSize(2);
        tables.forEach((id, table) -> {
            JsonNode properties = table.get("Properties");
            assertThat(properties.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled").asBoolean())
                    .as("PITR of %s", id).isTrue();
            assertThat(properties.at("/SSESpecification/SSEEnabled").asBoolean()).as("SSE of %s", id).isTrue();
            assertThat(properties.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        });
        assertThat(app.resources("AWS::DynamoDB::GlobalTable")).isEmpty();
    }

    @Test
    void everyStreamMapping_hasADestination_partialBatchResponses_andBisect() {
        Map<String, JsonNode> mappings = app.resources("AWS::Lambda::EventSourceMapping");
        String usersTable = app.logicalId("AWS::DynamoDB::Table", "UsersTable");
        // The DynamoDB Streams limit: at most two readers per stream.
        assertThat(mappings).hasSize(2);
        mappings.forEach((id, mapping) -> {
            JsonNode properties = mapping.get("Properties");
            assertThat(PolicyStatements.flatten(properties.get("EventSourceArn"))).isEqualTo("<" + usersTable + ".StreamArn>");
            assertThat(properties.at("/DestinationConfig/OnFailure/Destination").isMissingNode()).as(id).isFalse();
            assertThat(PolicyStatements.flatten(properties.get("FunctionName"))).endsWith(":" + JavaFunction.ALIAS);
            assertThat(properties.path("FilterCriteria").path("Filters").size()).as(id).isPositive();
            assertThat(SynthesizedApp.strings(properties.get("FunctionResponseTypes"))).as(id)
                    .containsExactly("ReportBatchItemFailures");
            assertThat(properties.get("BisectBatchOnFunctionError").asBoolean()).as(id).isTrue();
        });
        // Per-record processing: poison records are isolated (bisect) and retried from the first failure.
        JsonNode change = mappings.get(app.logicalId("AWS::Lambda::EventSourceMapping", "StreamsChangeStreamMapping"))
                .get("Properties");
        assertThat(change.get("MaximumRetryAttempts").asInt()).isBetween(1, 100);
        assertThat(change.get("MaximumRecordAgeInSeconds").asInt()).isBetween(60, 24 * 3600 - 1);
        // Counters aggregate a window and count by sequence number, so a bisected half or a retry is applied
        // once; a batch that keeps failing is given up (bounded, as the change stream's) while its records are
        // still in the stream, and the reconcile job repairs its users' counts (StreamConsumer.FOLLOW_COUNTER).
        JsonNode counter = mappings.get(app.logicalId("AWS::Lambda::EventSourceMapping", "StreamsFollowCounterMapping"))
                .get("Properties");
        assertThat(counter.get("MaximumRetryAttempts").asInt()).isBetween(1, 100);
        assertThat(counter.get("MaximumRecordAgeInSeconds").asInt())
                .isGreaterThan(counter.get("TumblingWindowInSeconds").asInt() + counter.get("MaximumBatchingWindowInSeconds").asInt())
                .isBetween(60, 24 * 3600 - 1);
        assertThat(counter.get("TumblingWindowInSeconds").asInt()).isPositive();
        assertThat(counter.get("ParallelizationFactor").asInt()).isEqualTo(1);
    }

    @Test
    void failureDestinations_areEncryptedQueuesKeptFourteenDays() {
        Map<String, JsonNode> queues = app.resources("AWS::SQS::Queue");
        for (String prefix : List.of("StreamsFollowCounterFailures", "StreamsChangeStreamFailures")) {
            JsonNode queue = queues.get(app.logicalId("AWS::SQS::Queue", prefix)).get("Properties");
            assertThat(queue.get("SqsManagedSseEnabled").asBoolean()).isTrue();
            assertThat(queue.get("MessageRetentionPeriod").asInt()).isEqualTo(14 * 24 * 3600);
        }
        queues.forEach((id, queue) -> assertThat(queue.at("/Properties/SqsManagedSseEnabled").asBoolean())
                .as("encryption of %s", id).isTrue());
    }

    @Test
    void everyFunction_isJava21OnArm64_withSnapStartTracingAndALogGroupWithRetention() {
        Map<String, JsonNode> functions = app.resources("AWS::Lambda::Function");
        Map<String, JsonNode> logGroups = app.resources("AWS::Logs::LogGroup");
        functions.forEach((id, function) -> {
            JsonNode p = function.get("Properties");
            assertThat(p.get("Runtime").asText()).as(id).isEqualTo("java21");
            assertThat(SynthesizedApp.strings(p.get("Architectures"))).as(id).containsExactly("arm64");
            assertThat(p.at("/SnapStart/ApplyOn").asText()).as(id).isEqualTo("PublishedVersions");
            assertThat(p.at("/TracingConfig/Mode").asText()).as(id).isEqualTo("Active");
            String logGroup = p.at("/LoggingConfig/LogGroup/Ref").asText();
            assertThat(logGroups.get(logGroup).at("/Properties/RetentionInDays").asInt()).as(id).isEqualTo(30);
            assertThat(p.at("/Environment/Variables/POWERTOOLS_SERVICE_NAME").asText()).isEqualTo("users");
            assertThat(p.at("/Environment/Variables/POWERTOOLS_LOG_LEVEL").asText()).isEqualTo("INFO");
            // Table names come from the stack, never a literal.
            assertThat(p.at("/Environment/Variables/USERS_TABLE/Ref").asText()).startsWith("UsersTable");
        });
    }

    @Test
    void everyFunction_hasOneAliasOnAPublishedVersion_andEveryCallerUsesAnAlias() {
        Map<String, JsonNode> aliases = app.resources("AWS::Lambda::Alias");
        Map<String, JsonNode> versions = app.resources("AWS::Lambda::Version");
        assertThat(aliases).hasSize(11);
        aliases.forEach((id, alias) -> {
            assertThat(alias.at("/Properties/Name").asText()).isEqualTo(JavaFunction.ALIAS);
            String version = alias.at("/Properties/FunctionVersion/Fn::GetAtt/0").asText();
            assertThat(versions).containsKey(version);
        });
        // Cognito triggers.
        JsonNode lambdaConfig = app.resources("AWS::Cognito::UserPool").values().iterator().next()
                .at("/Properties/LambdaConfig");
        for (String trigger : List.of("PreSignUp", "PostConfirmation", "PreTokenGeneration", "PostAuthentication")) {
            assertThat(aliases).containsKey(lambdaConfig.at("/" + trigger + "/Ref").asText());
        }
        // Every invoke permission (Cognito and API Gateway) is on an alias.
        Map<String, JsonNode> permissions = app.resources("AWS::Lambda::Permission");
        assertThat(permissions).hasSize(4 + dev.userbase.core.api.ApiRoute.values().length);
        permissions.forEach((id, permission) -> assertThat(aliases)
                .as("function of %s", id)
                .containsKey(permission.at("/Properties/FunctionName/Ref").asText()));
        // API integrations invoke aliases.
        app.resources("AWS::ApiGateway::Method").forEach((id, method) -> {
            JsonNode integration = method.at("/Properties/Integration");
            if (integration.path("Type").asText().equals("AWS_PROXY")) {
                String uri = PolicyStatements.flatten(integration.get("Uri"));
                assertThat(aliases.keySet()).as("integration of %s: %s", id, uri).anyMatch(uri::contains);
            }
        });
    }

    @Test
    void cognitoTriggers_doNotReadThePoolIdFromTheEnvironment() {
        // The pool references its triggers: a trigger referencing the pool would be a cycle.
        for (String trigger : List.of("DirectoryPreSignUp", "DirectoryPostConfirmation", "DirectoryPreTokenGeneration",
                "DirectoryPostAuthentication")) {
            JsonNode variables = app.resources("AWS::Lambda::Function")
                    .get(app.logicalId("AWS::Lambda::Function", trigger + "Function"))
                    .at("/Properties/Environment/Variables");
            assertThat(variables.has("USER_POOL_ID")).as(trigger).isFalse();
        }
    }

    @Test
    void cursorSigningKey_reachesOnlyThePaginatingFunctions_asADynamicReference() {
        Map<String, JsonNode> functions = app.resources("AWS::Lambda::Function");
        List<String> holders = new ArrayList<>();
        functions.forEach((id, function) -> {
            JsonNode key = function.at("/Properties/Environment/Variables/CURSOR_SIGNING_KEY");
            if (!key.isMissingNode()) {
                holders.add(id);
                assertThat(PolicyStatements.flatten(key)).startsWith("{{resolve:secretsmanager:");
            }
        });
        // the self function signs the export's section cursors
        assertThat(holders).hasSize(3).allMatch(id -> id.startsWith("SelfApi") || id.startsWith("SocialApi")
                || id.startsWith("AdminApi"));
    }

    @Test
    void auditPseudonymKey_reachesOnlyTheChangeStream_asADynamicReference_andIsRetained() {
        List<String> holders = new ArrayList<>();
        app.resources("AWS::Lambda::Function").forEach((id, function) -> {
            JsonNode key = function.at("/Properties/Environment/Variables/AUDIT_PSEUDONYM_KEY");
            if (!key.isMissingNode()) {
                holders.add(id);
                assertThat(PolicyStatements.flatten(key)).startsWith("{{resolve:secretsmanager:");
            }
        });
        assertThat(holders).singleElement().satisfies(id -> assertThat(id).startsWith("StreamsChangeStream"));
        JsonNode secret = app.resources("AWS::SecretsManager::Secret")
                .get(app.logicalId("AWS::SecretsManager::Secret", "StreamsAuditPseudonymKey"));
        assertThat(secret.path("DeletionPolicy").asText()).isEqualTo("Retain");
    }

    @Test
    void everyTaggableResource_carriesTheFourTags() {
        int tagged = 0;
        for (Map.Entry<String, JsonNode> resource : app.resources().properties()) {
            JsonNode tags = resource.getValue().at("/Properties/Tags");
            if (tags.isArray()) {
                Set<String> keys = new TreeSet<>();
                tags.forEach(tag -> keys.add(tag.path("Key").asText()));
                assertThat(keys).as("tags of %s", resource.getKey())
                        .contains("Service", "Environment", "ManagedBy", "Domain");
                tagged++;
            }
        }
        assertThat(tagged).isGreaterThan(30);
        JsonNode poolTags = app.resources("AWS::Cognito::UserPool").values().iterator().next()
                .at("/Properties/UserPoolTags");
        assertThat(poolTags.path("Environment").asText()).isEqualTo("dev");
    }

    @Test
    void outputs_areExactlyTheSharedStackOutputs_eachWithItsDescription() {
        JsonNode outputs = app.template.get("Outputs");
        List<String> keys = new ArrayList<>();
        outputs.fieldNames().forEachRemaining(keys::add);
        // RestApi adds an output of its own (the same URL as ApiUrl): the only one not declared by us.
        assertThat(keys).filteredOn(key -> key.startsWith("ApiEndpoint")).hasSize(1);
        assertThat(keys).filteredOn(key -> !key.startsWith("ApiEndpoint"))
                .containsExactlyInAnyOrderElementsOf(StackOutput.keys());
        for (StackOutput output : StackOutput.values()) {
            assertThat(outputs.at("/" + output.key() + "/Description").asText()).isEqualTo(output.description());
        }
        String logGroup = app.logicalId("AWS::Logs::LogGroup", "EventsEventLog");
        assertThat(PolicyStatements.flatten(outputs.at("/EventLogGroupName/Value"))).isEqualTo("<" + logGroup + ">");
    }

    @Test
    void smokeTestClient_signsInOnlyThroughTheIamAuthorizedAdminFlow() {
        String client = app.logicalId("AWS::Cognito::UserPoolClient", "DirectoryUserPoolSmokeTestClient");
        JsonNode properties = app.resources().get(client).get("Properties");
        assertThat(SynthesizedApp.strings(properties.get("ExplicitAuthFlows")))
                .containsExactlyInAnyOrder("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH");
        assertThat(properties.path("AllowedOAuthFlowsUserPoolClient").asBoolean(false)).isFalse();
        assertThat(properties.has("AllowedOAuthFlows")).isFalse();
        assertThat(properties.path("GenerateSecret").asBoolean(false)).isFalse();
        String web = app.logicalId("AWS::Cognito::UserPoolClient", "DirectoryUserPoolWebClient");
        assertThat(SynthesizedApp.strings(app.resources().get(web).at("/Properties/ExplicitAuthFlows")))
                .as("the public web client keeps SRP only").doesNotContain("ALLOW_ADMIN_USER_PASSWORD_AUTH",
                        "ALLOW_USER_PASSWORD_AUTH");
    }

    @Test
    void smokeTestRole_isAssumableOnlyByTheCiDeployRole_andReachesOnlyThisStage() {
        String role = app.logicalId("AWS::IAM::Role", "SmokeTestRole");
        JsonNode properties = app.resources().get(role).get("Properties");
        JsonNode trust = properties.at("/AssumeRolePolicyDocument/Statement");
        assertThat(trust).hasSize(1);
        assertThat(SynthesizedApp.strings(trust.get(0).get("Action"))).containsExactly("sts:AssumeRole");
        assertThat(PolicyStatements.flatten(trust.get(0).at("/Principal/AWS")))
                .isEqualTo("arn:<AWS::Partition>:iam::<AWS::AccountId>:root");
        assertThat(PolicyStatements.flatten(trust.get(0).at("/Condition/ArnEquals/aws:PrincipalArn")))
                .isEqualTo("arn:<AWS::Partition>:iam::<AWS::AccountId>:role/users-ci-deploy");

        String pool = app.logicalId("AWS::Cognito::UserPool", "DirectoryUserPool");
        String logGroup = app.logicalId("AWS::Logs::LogGroup", "EventsEventLog");
        Map<String, List<String>> granted = new java.util.TreeMap<>();
        for (JsonNode policy : properties.get("Policies")) {
            for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
                assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
                List<String> resources = new PolicyStatements.Found(role, "AWS::IAM::Role", statement).resources();
                for (String action : SynthesizedApp.strings(statement.get("Action"))) {
                    granted.put(action, resources);
                }
            }
        }
        assertThat(granted).containsOnly(
                Map.entry("cloudformation:DescribeStacks", List.of("<AWS::StackId>")),
                Map.entry("cognito-idp:AdminCreateUser", List.of("<" + pool + ".Arn>")),
                Map.entry("cognito-idp:AdminSetUserPassword", List.of("<" + pool + ".Arn>")),
                Map.entry("cognito-idp:AdminInitiateAuth", List.of("<" + pool + ".Arn>")),
                Map.entry("cognito-idp:AdminDeleteUser", List.of("<" + pool + ".Arn>")),
                Map.entry("logs:FilterLogEvents", List.of(
                        "arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:<" + logGroup + ">")));
        assertThat(PolicyStatements.ofRole(app, role)).as("no attached policy beside the inline one").isEmpty();
    }

    private static boolean isKeyAdministration(PolicyStatements.Found found) {
        return found.type().equals("AWS::KMS::Key")
                && found.actions().equals(List.of("kms:*"))
                && PolicyStatements.flatten(found.statement().at("/Principal/AWS")).endsWith(":root");
    }

    private List<PolicyStatements.Found> statementsOf(String roleLogicalId) {
        return PolicyStatements.ofRole(app, roleLogicalId);
    }
}
