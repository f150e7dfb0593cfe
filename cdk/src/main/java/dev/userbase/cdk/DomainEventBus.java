package dev.userbase.cdk;

import java.util.List;
import java.util.Map;

import dev.userbase.events.EventContract;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.Archive;
import software.amazon.awscdk.services.events.BaseArchiveProps;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.SqsQueue;
import software.amazon.awscdk.services.events.targets.SqsQueueProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.ResourcePolicy;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Where domain events go: a custom bus, an archive of a year (replayable), a rule copying every
 * event to a log group kept for a year, the schema registry, and an example subscriber showing how
 * a downstream service consumes events (a queue of its own, with a dead-letter queue).
 */
public final class DomainEventBus extends Construct {

    static final Duration ARCHIVE_RETENTION = Duration.days(365);
    /** The detail types the example subscriber listens to (the event contract of DESIGN.md). */
    static final List<String> EXAMPLE_DETAIL_TYPES = List.of("user.created", "user.deleted");

    /** @param contract the published event contract, whose schemas are registered */
    public record Props(DeploymentSettings settings, EventContract contract) {
    }

    private final EventBus bus;
    private final Archive archive;
    private final LogGroup eventLog;
    private final Rule logRule;
    private final Rule exampleRule;
    private final Queue exampleQueue;
    private final EventSchemaRegistry schemaRegistry;

    public DomainEventBus(Construct scope, String id, Props props) {
        super(scope, id);
        DeploymentSettings settings = props.settings();
        String prefix = settings.namePrefix();
        // Every event on this bus comes from this account (the change-stream function).
        EventPattern everything = EventPattern.builder().account(List.of(Aws.ACCOUNT_ID)).build();

        bus = EventBus.Builder.create(this, "Bus")
                .eventBusName(prefix)
                .description("Domain events of the users service (" + settings.environment() + ")")
                .build();

        archive = bus.archive("Archive", BaseArchiveProps.builder()
                .archiveName(prefix + "-archive")
                .description("Every event of the " + prefix + " bus, replayable for a year")
                .eventPattern(everything)
                .retention(ARCHIVE_RETENTION)
                .build());

        // EventBridge only delivers to log groups named /aws/events/...
        eventLog = LogGroup.Builder.create(this, "EventLog")
                .logGroupName("/aws/events/" + prefix)
                .retention(RetentionDays.ONE_YEAR)
                .removalPolicy(settings.removalPolicy())
                .build();
        logRule = Rule.Builder.create(this, "LogAllEvents")
                .eventBus(bus)
                .ruleName(prefix + "-log-all")
                .description("Copies every event of the bus to " + "/aws/events/" + prefix)
                .eventPattern(everything)
                .build();
        logRule.addTarget(new LogGroupTarget(eventLog));
        ResourcePolicy.Builder.create(this, "EventLogPolicy")
                .resourcePolicyName(prefix + "-events-to-logs")
                .policyStatements(List.of(PolicyStatement.Builder.create()
                        .principals(List.of(new ServicePrincipal("events.amazonaws.com"),
                                new ServicePrincipal("delivery.logs.amazonaws.com")))
                        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                        .resources(List.of(eventLog.getLogGroupArn()))
                        .conditions(Map.of("ArnEquals", Map.of("aws:SourceArn", logRule.getRuleArn())))
                        .build()))
                .build();

        schemaRegistry = new EventSchemaRegistry(this, "Schemas", prefix + "-events", settings.eventSource(),
                props.contract());

        Queue exampleDeadLetters = Queue.Builder.create(this, "ExampleSubscriberDeadLetters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        exampleQueue = Queue.Builder.create(this, "ExampleSubscriber")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .deadLetterQueue(DeadLetterQueue.builder().queue(exampleDeadLetters).maxReceiveCount(5).build())
                .build();
        exampleRule = Rule.Builder.create(this, "ExampleSubscriberRule")
                .eventBus(bus)
                .ruleName(prefix + "-example-subscriber")
                .description("Example downstream subscriber: user lifecycle events into a queue of its own")
                .eventPattern(EventPattern.builder()
                        .source(List.of(settings.eventSource()))
                        .detailType(EXAMPLE_DETAIL_TYPES)
                        .build())
                .targets(List.of(new SqsQueue(exampleQueue, SqsQueueProps.builder()
                        .deadLetterQueue(exampleDeadLetters)
                        .retryAttempts(185)
                        .maxEventAge(Duration.hours(24))
                        .build())))
                .build();
    }

    public EventBus bus() {
        return bus;
    }

    public Archive archive() {
        return archive;
    }

    public LogGroup eventLog() {
        return eventLog;
    }

    public Rule logRule() {
        return logRule;
    }

    public Rule exampleRule() {
        return exampleRule;
    }

    public Queue exampleQueue() {
        return exampleQueue;
    }

    public EventSchemaRegistry schemaRegistry() {
        return schemaRegistry;
    }
}
