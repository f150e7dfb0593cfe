package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class DomainEventBusTest {

    private static Template template;
    private static String busId;
    private static String logGroupId;
    private static String logRuleId;

    @BeforeAll
    static void synthesize() {
        App app = new App();
        Stack stack = new Stack(app, "Events");
        new DomainEventBus(stack, "Events", new DomainEventBus.Props(TestInputs.devSettings(), TestInputs.schemas()));
        template = Template.fromStack(stack);
        busId = template.findResources("AWS::Events::EventBus").keySet().iterator().next();
        logGroupId = template.findResources("AWS::Logs::LogGroup").keySet().iterator().next();
        logRuleId = template.findResources("AWS::Events::Rule", Match.objectLike(Map.of("Properties",
                Match.objectLike(Map.of("Name", "users-dev-log-all"))))).keySet().iterator().next();
    }

    @Test
    void bus_isArchivedForAYear() {
        template.hasResourceProperties("AWS::Events::EventBus", Map.of("Name", "users-dev"));
        template.hasResourceProperties("AWS::Events::Archive", Map.of(
                "SourceArn", Map.of("Fn::GetAtt", List.of(busId, "Arn")),
                "RetentionDays", 365,
                "EventPattern", Map.of("account", List.of(Map.of("Ref", "AWS::AccountId")))));
    }

    @Test
    void everyEvent_isCopiedToALogGroupKeptForAYear() {
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
                "LogGroupName", "/aws/events/users-dev",
                "RetentionInDays", 365));
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "Name", "users-dev-log-all",
                "EventBusName", Map.of("Ref", busId),
                "EventPattern", Map.of("account", List.of(Map.of("Ref", "AWS::AccountId"))),
                "Targets", List.of(Match.objectLike(Map.of("Arn", Match.objectLike(Map.of("Fn::Join",
                        Match.arrayWith(List.of(Match.arrayWith(List.of(":log-group:", Map.of("Ref", logGroupId))))))))))));
        // EventBridge may write to it, for this rule only; no custom-resource function does it.
        String policy = template.findResources("AWS::Logs::ResourcePolicy").values().iterator().next().toString();
        assertThat(policy).contains("events.amazonaws.com", "logs:PutLogEvents", "aws:SourceArn", logRuleId);
        template.resourceCountIs("AWS::Lambda::Function", 0);
    }

    @Test
    void schemas_ofTheDirectory_areRegistered_andNothingElse() {
        template.hasResourceProperties("AWS::EventSchemas::Registry", Map.of("RegistryName", "users-dev-events"));
        template.resourceCountIs("AWS::EventSchemas::Schema", 3);
        template.hasResourceProperties("AWS::EventSchemas::Schema", Map.of(
                "SchemaName", "users.service@" + TestInputs.SCHEMA_CREATED,
                "Type", EventSchemaRegistry.SCHEMA_TYPE,
                "Content", TestInputs.schema(TestInputs.SCHEMA_CREATED),
                "Description", "Envelope of user.created",
                "RegistryName", Match.objectLike(Map.of("Fn::GetAtt", Match.arrayWith(List.of("RegistryName"))))));
        template.hasResourceProperties("AWS::EventSchemas::Schema", Map.of(
                "SchemaName", "users.service@" + TestInputs.SCHEMA_FOLLOWED));
        template.hasResourceProperties("AWS::EventSchemas::Schema", Map.of(
                "SchemaName", "users.service@" + TestInputs.SCHEMA_DELETED + "-1.0",
                "Content", TestInputs.schema(TestInputs.SCHEMA_DELETED)));
    }

    @Test
    void exampleSubscriber_receivesLifecycleEventsInAnEncryptedQueueWithDeadLetters() {
        template.hasResourceProperties("AWS::Events::Rule", Map.of(
                "EventBusName", Map.of("Ref", busId),
                "EventPattern", Map.of(
                        "source", List.of("users.service"),
                        "detail-type", DomainEventBus.EXAMPLE_DETAIL_TYPES),
                "Targets", List.of(Match.objectLike(Map.of(
                        "DeadLetterConfig", Match.anyValue(),
                        "RetryPolicy", Map.of("MaximumEventAgeInSeconds", 86400, "MaximumRetryAttempts", 185))))));
        template.resourcePropertiesCountIs("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true), 2);
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("RedrivePolicy", Match.objectLike(Map.of(
                "maxReceiveCount", 5))));
    }

    @Test
    void schemaDirectory_mustHoldValidSchemas(@TempDir Path empty) throws Exception {
        assertThatThrownBy(() -> EventSchemaRegistry.schemaFiles(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no *.json schemas");
        assertThatThrownBy(() -> EventSchemaRegistry.schemaFiles(empty.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        Files.writeString(empty.resolve("broken.json"), "{\"type\": ");
        Stack stack = new Stack(new App(), "Broken");
        assertThatThrownBy(() -> new EventSchemaRegistry(stack, "Schemas", "r", "users.service", empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken.json");
    }

    @Test
    void schemaNames_areDerivedFromPathsBelowTheDirectory() {
        Path root = Path.of("schemas");
        assertThat(EventSchemaRegistry.schemaName(root, root.resolve("user.created.json"))).isEqualTo("user.created");
        assertThat(EventSchemaRegistry.schemaName(root, root.resolve("user.created/1.0.schema.json")))
                .isEqualTo("user.created-1.0");
    }

    @Test
    void schemaLogicalIds_areDerivedFromFileNames() {
        assertThat(EventSchemaRegistry.logicalId("user.profile.updated")).isEqualTo("SchemaUserProfileUpdated");
        assertThat(EventSchemaRegistry.logicalId("user.email.change-requested.v1"))
                .isEqualTo("SchemaUserEmailChangeRequestedV1");
    }
}
