package dev.userbase.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Operation;
import software.amazon.awscdk.services.dynamodb.OperationsMetricOptions;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms on an encrypted SNS topic and one dashboard. docs/DEPLOY.md says, for each alarm, what it
 * means and what to do.
 */
public final class Monitoring extends Construct {

    static final double ITERATOR_AGE_MS = 5 * 60 * 1000;
    static final double TABLE_THROTTLES = 10;
    static final double API_SERVER_ERRORS = 5;
    static final Duration PERIOD = Duration.minutes(5);
    /** At most 10 metrics go into one alarm's math expression; these are the operations the handlers use. */
    static final List<Operation> TABLE_OPERATIONS = List.of(Operation.GET_ITEM, Operation.BATCH_GET_ITEM,
            Operation.PUT_ITEM, Operation.UPDATE_ITEM, Operation.DELETE_ITEM, Operation.QUERY,
            Operation.TRANSACT_WRITE_ITEMS, Operation.TRANSACT_GET_ITEMS);

    /** A table to watch, with the name its alarm gets. */
    public record WatchedTable(String name, Table table) {
    }

    public record Props(DeploymentSettings settings, List<JavaFunction> functions,
            List<StreamConsumers.Consumer> consumers, List<WatchedTable> tables, RestApi api, String eventBusName,
            Rule eventLogRule) {
    }

    private final Topic topic;
    private final Dashboard dashboard;
    private final List<Alarm> alarms = new ArrayList<>();
    private final String prefix;

    public Monitoring(Construct scope, String id, Props props) {
        super(scope, id);
        DeploymentSettings settings = props.settings();
        prefix = settings.namePrefix();

        // CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key: a key of our own.
        Key topicKey = Key.Builder.create(this, "AlarmTopicKey")
                .description("Encrypts the " + prefix + " alarm topic")
                .enableKeyRotation(true)
                .removalPolicy(settings.removalPolicy())
                .build();
        // Only this stack's alarms may use the key and publish (confused-deputy conditions).
        Map<String, Object> fromOurAlarms = Map.of(
                "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                "ArnLike", Map.of("aws:SourceArn",
                        "arn:" + Aws.PARTITION + ":cloudwatch:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":alarm:" + prefix + "-*"));
        topicKey.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                // In a key policy "*" is this key.
                .resources(List.of("*"))
                .conditions(fromOurAlarms)
                .build());
        topic = Topic.Builder.create(this, "AlarmTopic")
                .topicName(prefix + "-alarms")
                .displayName("users " + settings.environment() + " alarms")
                .masterKey(topicKey)
                .enforceSsl(true)
                .build();
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(fromOurAlarms)
                .build());
        if (settings.alarmEmail() != null) {
            topic.addSubscription(new EmailSubscription(settings.alarmEmail()));
        }

        for (StreamConsumers.Consumer consumer : props.consumers()) {
            alarm(consumer.name() + "IteratorAge",
                    consumer.function().function().metric("IteratorAge", options("Maximum", Duration.minutes(1))),
                    ITERATOR_AGE_MS, ComparisonOperator.GREATER_THAN_THRESHOLD, 5,
                    consumer.name() + " is more than 5 minutes behind the table's stream, for 5 minutes.");
            alarm(consumer.name() + "FailedBatches",
                    consumer.failures().metricApproximateNumberOfMessagesVisible(options("Maximum", Duration.minutes(1))),
                    0, ComparisonOperator.GREATER_THAN_THRESHOLD, 1,
                    consumer.name() + " gave up on a batch: its on-failure queue is not empty. "
                            + "The records stay in the stream for 24 hours from their write.");
        }
        for (JavaFunction function : props.functions()) {
            String name = function.getNode().getId();
            alarm(name + "Errors", function.function().metricErrors(options("Sum", PERIOD)),
                    1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                    name + " failed (unhandled error or timeout) at least once in 5 minutes.");
            alarm(name + "Throttles", function.function().metricThrottles(options("Sum", PERIOD)),
                    1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                    name + " was throttled at least once in 5 minutes (account or reserved concurrency).");
        }
        for (WatchedTable watched : props.tables()) {
            alarm(watched.name() + "Throttles",
                    watched.table().metricThrottledRequestsForOperations(OperationsMetricOptions.builder()
                            .operations(TABLE_OPERATIONS)
                            .period(PERIOD)
                            .build()),
                    TABLE_THROTTLES, ComparisonOperator.GREATER_THAN_THRESHOLD, 1,
                    "More than 10 throttled requests on the " + watched.name() + " table in 5 minutes.");
        }
        alarm("ApiServerErrors", props.api().metricServerError(options("Sum", PERIOD)),
                API_SERVER_ERRORS, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "The API answered 5 or more 5xx responses in 5 minutes.");
        alarm("EventLogDeliveryFailures",
                Metric.Builder.create()
                        .namespace("AWS/Events")
                        .metricName("FailedInvocations")
                        .dimensionsMap(Map.of("EventBusName", props.eventBusName(),
                                "RuleName", props.eventLogRule().getRuleName()))
                        .statistic("Sum")
                        .period(PERIOD)
                        .build(),
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, 1,
                "Events could not be written to the event log group.");

        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(prefix)
                .build();
        dashboard.addWidgets(widgets(props).toArray(IWidget[]::new));
    }

    private List<IWidget> widgets(Props props) {
        List<IWidget> widgets = new ArrayList<>();
        widgets.add(TextWidget.Builder.create()
                .markdown("# " + prefix + "\nAlarms are explained in docs/DEPLOY.md.")
                .width(24).height(2).build());
        RestApi api = props.api();
        widgets.add(graph("API requests and errors", List.of(
                api.metricCount(options("Sum", PERIOD)),
                api.metricClientError(options("Sum", PERIOD)),
                api.metricServerError(options("Sum", PERIOD)))));
        widgets.add(graph("API latency (p50, p99)", List.of(
                api.metricLatency(options("p50", PERIOD)),
                api.metricLatency(options("p99", PERIOD)))));
        List<IMetric> invocations = new ArrayList<>();
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        for (JavaFunction function : props.functions()) {
            String name = function.getNode().getId();
            invocations.add(function.function().metricInvocations(labelled(name, "Sum")));
            errors.add(function.function().metricErrors(labelled(name, "Sum")));
            durations.add(function.function().metricDuration(labelled(name, "p99")));
        }
        widgets.add(graph("Invocations", invocations));
        widgets.add(graph("Errors", errors));
        widgets.add(graph("Duration p99", durations));
        List<IMetric> iteratorAge = new ArrayList<>();
        List<IMetric> failures = new ArrayList<>();
        for (StreamConsumers.Consumer consumer : props.consumers()) {
            iteratorAge.add(consumer.function().function().metric("IteratorAge", labelled(consumer.name(), "Maximum")));
            failures.add(consumer.failures().metricApproximateNumberOfMessagesVisible(labelled(consumer.name(), "Maximum")));
        }
        widgets.add(graph("Stream iterator age (ms)", iteratorAge));
        widgets.add(graph("On-failure queue depth", failures));
        List<IMetric> capacity = new ArrayList<>();
        for (WatchedTable watched : props.tables()) {
            capacity.add(watched.table().metricConsumedReadCapacityUnits(labelled(watched.name() + " RCU", "Sum")));
            capacity.add(watched.table().metricConsumedWriteCapacityUnits(labelled(watched.name() + " WCU", "Sum")));
        }
        widgets.add(graph("DynamoDB consumed capacity", capacity));
        widgets.add(AlarmStatusWidget.Builder.create()
                .title("Alarms")
                .alarms(alarms.stream().map(IAlarm.class::cast).toList())
                .width(24)
                .build());
        return widgets;
    }

    private void alarm(String id, IMetric metric, double threshold, ComparisonOperator comparison,
            int periods, String description) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(prefix + "-" + id)
                .alarmDescription(description + " See docs/DEPLOY.md, section Alarms.")
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(comparison)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(topic));
        alarm.addOkAction(new SnsAction(topic));
        alarms.add(alarm);
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(metrics).width(12).height(6).build();
    }

    private static MetricOptions options(String statistic, Duration period) {
        return MetricOptions.builder().statistic(statistic).period(period).build();
    }

    private static MetricOptions labelled(String label, String statistic) {
        return MetricOptions.builder().statistic(statistic).period(PERIOD).label(label).build();
    }

    public Topic topic() {
        return topic;
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}
