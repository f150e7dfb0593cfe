package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.events.EventContract;

import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class DomainEventBusTest {

    private static Template template;
    private static String busId;
    private static String logGroupId;
    private static String logRuleId;

    @BeforeAll
    static void synthesize() {
        template = SynthesizedStack.synthesize("Events", stack -> new DomainEventBus(stack, "Events",
                new DomainEventBus.Props(TestInputs.devSettings(), EventContract.load())));
        busId = SynthesizedStack.onlyId(template, "AWS::Events::EventBus");
        logGroupId = SynthesizedStack.onlyId(template, "AWS::Logs::LogGroup");
        logRuleId = SynthesizedStack.onlyId(template, "AWS::Events::Rule", Map.of("Name", "users-dev-log-all"));
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
    void everyDetailTypeOfTheContract_isRegistered_asDraft4_underItsEventBridgeName() throws Exception {
        EventContract contract = EventContract.load();
        template.hasResourceProperties("AWS::EventSchemas::Registry", Map.of("RegistryName", "users-dev-events"));
        template.resourceCountIs("AWS::EventSchemas::Schema", contract.detailTypes().size());
        for (String detailType : contract.detailTypes()) {
            String version = contract.currentVersion(detailType);
            Map<String, Map<String, Object>> found = template.findResources("AWS::EventSchemas::Schema",
                    Match.objectLike(Map.of("Properties", Match.objectLike(Map.of(
                            "SchemaName", "users.service@" + detailType,
                            "Type", EventSchemaRegistry.SCHEMA_TYPE,
                            "RegistryName", Match.objectLike(Map.of("Fn::GetAtt",
                                    Match.arrayWith(List.of("RegistryName")))))))));
            assertThat(found).as(detailType).hasSize(1);
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) found.values().iterator().next().get("Properties");
            JsonNode content = SynthesizedApp.JSON.readTree((String) properties.get("Content"));
            assertThat(content).isEqualTo(Draft4Schema.convert(contract.schema(detailType, version)));
            assertThat(content.get("$schema").asText()).isEqualTo(Draft4Schema.META_SCHEMA);
            assertThat((String) properties.get("Description")).startsWith("Version " + version + ". ");
        }
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
    void schemaLogicalIds_areDerivedFromDetailTypes() {
        assertThat(EventSchemaRegistry.logicalId("user.profile.updated")).isEqualTo("SchemaUserProfileUpdated");
        assertThat(EventSchemaRegistry.logicalId("user.email.change-requested.v1"))
                .isEqualTo("SchemaUserEmailChangeRequestedV1");
    }
}
