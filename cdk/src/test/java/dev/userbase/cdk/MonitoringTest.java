package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The alarms of the whole app (they watch every other construct, so they are checked on the
 * synthesized app rather than on a stack of their own).
 */
class MonitoringTest {

    private final SynthesizedApp app = SynthesizedApp.dev();

    @Test
    void alarms_coverEveryFunctionConsumerTableAndTheApi() {
        Map<String, JsonNode> alarms = app.resources("AWS::CloudWatch::Alarm");
        // 11 functions x (errors, throttles) + 2 consumers x (iterator age, failed batches) + 2 tables + API + event log.
        assertThat(alarms).hasSize(22 + 4 + 2 + 1 + 1);
        assertThat(metricNames(alarms)).contains("Errors", "Throttles", "IteratorAge",
                "ApproximateNumberOfMessagesVisible", "5XXError", "FailedInvocations");
    }

    @Test
    void iteratorAge_alarmsAfterFiveMinutesBehind() {
        JsonNode alarm = alarm("users-dev-ChangeStreamIteratorAge");
        assertThat(alarm.get("MetricName").asText()).isEqualTo("IteratorAge");
        assertThat(alarm.get("Statistic").asText()).isEqualTo("Maximum");
        assertThat(alarm.get("Threshold").asDouble()).isEqualTo(300_000);
        assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
    }

    @Test
    void failedBatches_alarmOnTheFirstMessage() {
        JsonNode alarm = alarm("users-dev-FollowCounterFailedBatches");
        assertThat(alarm.get("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
        assertThat(alarm.get("Threshold").asDouble()).isZero();
        assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
    }

    @Test
    void failedBatches_watchTheQueueEachMappingGivesUpTo_whichItsFunctionMaySendTo() {
        for (String consumer : List.of("FollowCounter", "ChangeStream")) {
            JsonNode mapping = app.resources("AWS::Lambda::EventSourceMapping")
                    .get(app.logicalId("AWS::Lambda::EventSourceMapping", "Streams" + consumer + "Mapping"))
                    .get("Properties");
            // the destination is the queue's ARN: Fn::GetAtt [queue, Arn]
            JsonNode destination = mapping.at("/DestinationConfig/OnFailure/Destination/Fn::GetAtt");
            String queue = destination.get(0).asText();
            assertThat(queue).as(consumer).startsWith("Streams" + consumer + "Failures");
            assertThat(destination.get(1).asText()).isEqualTo("Arn");

            JsonNode alarm = alarm("users-dev-" + consumer + "FailedBatches");
            assertThat(alarm.get("Namespace").asText()).isEqualTo("AWS/SQS");
            assertThat(alarm.get("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
            assertThat(alarm.get("Threshold").asDouble()).isZero();
            assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
            assertThat(alarm.get("EvaluationPeriods").asInt()).isEqualTo(1);
            assertThat(alarm.get("Dimensions")).singleElement().satisfies(d -> {
                assertThat(d.get("Name").asText()).isEqualTo("QueueName");
                assertThat(PolicyStatements.flatten(d.get("Value"))).isEqualTo("<" + queue + ".QueueName>");
            });
            String topic = app.logicalId("AWS::SNS::Topic", "MonitoringAlarmTopic");
            assertThat(alarm.get("AlarmActions")).extracting(PolicyStatements::flatten).containsExactly("<" + topic + ">");

            // Lambda sends the batch's record with the function's role
            String handler = consumer.equals("FollowCounter") ? Handlers.FOLLOW_COUNTER : Handlers.CHANGE_STREAM;
            String role = app.resources("AWS::Lambda::Function").values().stream()
                    .filter(f -> f.at("/Properties/Handler").asText().equals(handler))
                    .map(f -> f.at("/Properties/Role/Fn::GetAtt/0").asText())
                    .findFirst().orElseThrow();
            assertThat(PolicyStatements.ofRole(app, role))
                    .filteredOn(f -> f.allows() && f.actions().contains("sqs:SendMessage"))
                    .flatExtracting(PolicyStatements.Found::resources)
                    .as(consumer).containsExactly("<" + queue + ".Arn>");
        }
    }

    @Test
    void tableThrottles_alarmAboveTenInFiveMinutes_acrossOperations() {
        JsonNode alarm = alarm("users-dev-UsersThrottles");
        assertThat(alarm.get("Threshold").asDouble()).isEqualTo(10);
        assertThat(alarm.get("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
        JsonNode metrics = alarm.get("Metrics");
        List<String> operations = new ArrayList<>();
        for (JsonNode metric : metrics) {
            JsonNode stat = metric.path("MetricStat");
            if (!stat.isMissingNode()) {
                assertThat(stat.at("/Metric/MetricName").asText()).isEqualTo("ThrottledRequests");
                assertThat(stat.get("Period").asInt()).isEqualTo(300);
                stat.at("/Metric/Dimensions").forEach(d -> {
                    if (d.get("Name").asText().equals("Operation")) {
                        operations.add(d.get("Value").asText());
                    }
                });
            }
        }
        assertThat(operations).contains("GetItem", "PutItem", "UpdateItem", "Query", "TransactWriteItems");
        assertThat(metrics.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void apiServerErrors_alarmAtFiveInFiveMinutes() {
        JsonNode alarm = alarm("users-dev-ApiServerErrors");
        assertThat(alarm.get("MetricName").asText()).isEqualTo("5XXError");
        assertThat(alarm.get("Threshold").asDouble()).isEqualTo(5);
        assertThat(alarm.get("Period").asInt()).isEqualTo(300);
    }

    @Test
    void everyAlarm_notifiesTheEncryptedTopic_andExplainsItself() {
        String topic = app.logicalId("AWS::SNS::Topic", "MonitoringAlarmTopic");
        String key = app.logicalId("AWS::KMS::Key", "MonitoringAlarmTopicKey");
        assertThat(app.resources("AWS::SNS::Topic").get(topic).at("/Properties/KmsMasterKeyId/Fn::GetAtt/0").asText())
                .isEqualTo(key);
        app.resources("AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
            JsonNode properties = alarm.get("Properties");
            assertThat(properties.at("/AlarmActions/0/Ref").asText()).as(id).isEqualTo(topic);
            assertThat(properties.at("/OKActions/0/Ref").asText()).as(id).isEqualTo(topic);
            assertThat(properties.get("AlarmDescription").asText()).as(id).contains("docs/DEPLOY.md");
            assertThat(properties.get("TreatMissingData").asText()).isEqualTo("notBreaching");
        });
        // CloudWatch may use the key and publish, for this stack's alarms only.
        String keyPolicy = app.resources("AWS::KMS::Key").get(key).toString();
        assertThat(keyPolicy).contains("cloudwatch.amazonaws.com", "aws:SourceAccount", ":alarm:users-dev-*");
    }

    @Test
    void dashboard_exists() {
        assertThat(app.resources("AWS::CloudWatch::Dashboard")).hasSize(1);
    }

    @Test
    void production_subscribesTheOnCallAddress() {
        JsonNode subscription = SynthesizedApp.prod().resources("AWS::SNS::Subscription").values().iterator().next();
        assertThat(subscription.at("/Properties/Protocol").asText()).isEqualTo("email");
        assertThat(subscription.at("/Properties/Endpoint").asText()).isEqualTo("oncall@example.com");
    }

    private JsonNode alarm(String name) {
        return app.resources("AWS::CloudWatch::Alarm").values().stream()
                .map(a -> a.get("Properties"))
                .filter(p -> p.path("AlarmName").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no alarm " + name));
    }

    private static List<String> metricNames(Map<String, JsonNode> alarms) {
        List<String> names = new ArrayList<>();
        alarms.values().forEach(alarm -> {
            JsonNode p = alarm.get("Properties");
            if (p.has("MetricName")) {
                names.add(p.get("MetricName").asText());
            }
            p.path("Metrics").forEach(m -> names.add(m.at("/MetricStat/Metric/MetricName").asText()));
        });
        return names;
    }
}
