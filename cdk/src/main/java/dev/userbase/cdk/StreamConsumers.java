package dev.userbase.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.model.Keys;
import dev.userbase.core.table.UsersTable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.CfnEventSourceMapping;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The two readers of the users table's stream (the DynamoDB Streams limit per table), each with an
 * encrypted on-failure queue. Their mapping settings are the contract with the stream handlers:
 *
 * <ul>
 *   <li><b>Follow counters</b>: only follow-edge INSERT/REMOVE records reach it (a filter, so
 *       profile edits cost no invocation). Tumbling windows aggregate deltas; the handler's
 *       per-shard checkpoint makes retries harmless, so it retries until it succeeds (retries and
 *       record age unbounded): skipping a record would make a count wrong forever. Bisecting is
 *       meaningless for an aggregate and stays off.</li>
 *   <li><b>Change stream</b>: everything but audit entries (which it writes itself) and other
 *       bookkeeping items. Poison records are isolated by bisecting and partial batch responses;
 *       retries and record age are bounded so one bad record cannot stall a shard for a day, and
 *       what is given up lands in the on-failure queue while the records are still in the stream.</li>
 * </ul>
 */
public final class StreamConsumers extends Construct {

    static final int COUNTER_BATCH_SIZE = 1000;
    static final Duration COUNTER_WINDOW = Duration.seconds(60);
    static final int CHANGE_BATCH_SIZE = 100;
    static final int CHANGE_MAX_RETRIES = 10;
    static final Duration CHANGE_MAX_RECORD_AGE = Duration.hours(1);
    static final Duration FAILURE_RETENTION = Duration.days(14);

    public record Props(DeploymentSettings settings, Code code, TableAccess users, TableAccess idempotency,
            IEventBus eventBus, IUserPool userPool) {
    }

    /** A consumer: its function, its mapping, and where the batches it gave up on are recorded. */
    public record Consumer(String name, JavaFunction function, EventSourceMapping mapping, Queue failures) {
    }

    private final Consumer followCounter;
    private final Consumer changeStream;

    public StreamConsumers(Construct scope, String id, Props props) {
        super(scope, id);
        DeploymentSettings settings = props.settings();
        TableAccess users = props.users();
        String streamArn = users.table().getTableStreamArn();

        JavaFunction counter = new JavaFunction(this, "FollowCounter", new JavaFunction.Props(
                Handlers.FOLLOW_COUNTER, props.code(), 512, Duration.seconds(60),
                "Follow counters: aggregates follow-edge changes per tumbling window, applies them exactly once",
                Map.of(UsersConfig.USERS_TABLE, users.table().getTableName()), settings));
        users.grantStreamRead(counter.role());
        // Counter updates and the per-shard checkpoint, in one transaction.
        users.grantItems(counter.role(), TableAccess.GET_ITEM, TableAccess.PUT_ITEM, TableAccess.UPDATE_ITEM,
                TableAccess.CONDITION_CHECK_ITEM);

        Queue counterFailures = failureQueue("FollowCounterFailures");
        EventSourceMapping counterMapping = EventSourceMapping.Builder.create(this, "FollowCounterMapping")
                .target(counter.alias())
                .eventSourceArn(streamArn)
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(COUNTER_BATCH_SIZE)
                .tumblingWindow(COUNTER_WINDOW)
                // One batch per shard at a time: the checkpoint is per shard.
                .parallelizationFactor(1)
                .bisectBatchOnError(false)
                .reportBatchItemFailures(true)
                .onFailure(new SqsDlq(counterFailures))
                .filters(List.of(FilterCriteria.filter(Map.of(
                        "eventName", FilterRule.or("INSERT", "REMOVE"),
                        "dynamodb", Map.of("Keys", Map.of(UsersTable.SK,
                                Map.of("S", FilterRule.beginsWith(Keys.FOLLOWS_PREFIX))))))))
                .build();
        unbounded(counterMapping);
        followCounter = new Consumer("FollowCounter", counter, counterMapping, counterFailures);

        JavaFunction change = new JavaFunction(this, "ChangeStream", new JavaFunction.Props(
                Handlers.CHANGE_STREAM, props.code(), 1024, Duration.seconds(60),
                "Change stream: publishes domain events, writes audit entries, handles TTL expiry",
                Map.of(
                        UsersConfig.USERS_TABLE, users.table().getTableName(),
                        UsersConfig.IDEMPOTENCY_TABLE, props.idempotency().table().getTableName(),
                        UsersConfig.USER_POOL_ID, props.userPool().getUserPoolId(),
                        UsersConfig.EVENT_BUS_NAME, props.eventBus().getEventBusName(),
                        UsersConfig.EVENT_SOURCE, settings.eventSource()),
                settings));
        users.grantStreamRead(change.role());
        // Audit entries (put), cleanup after expiry and deletion (update, delete, finding what to delete).
        users.grantItems(change.role(), TableAccess.GET_ITEM, TableAccess.PUT_ITEM, TableAccess.UPDATE_ITEM,
                TableAccess.DELETE_ITEM, TableAccess.CONDITION_CHECK_ITEM);
        users.grantQuery(change.role(), true, UsersTable.FOLLOWERS_INDEX);
        // Powertools idempotency records, keyed by event id.
        props.idempotency().grantItems(change.role(), TableAccess.GET_ITEM, TableAccess.PUT_ITEM,
                TableAccess.UPDATE_ITEM, TableAccess.DELETE_ITEM);
        props.eventBus().grantPutEventsTo(change.role());
        change.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("cognito-idp:AdminGetUser", "cognito-idp:AdminDeleteUser"))
                .resources(List.of(props.userPool().getUserPoolArn()))
                .build());

        Queue changeFailures = failureQueue("ChangeStreamFailures");
        List<Object> userOrEmailKeys = new ArrayList<>(FilterRule.beginsWith(Keys.USER_PREFIX));
        userOrEmailKeys.addAll(FilterRule.beginsWith(Keys.EMAIL_PREFIX));
        EventSourceMapping changeMapping = EventSourceMapping.Builder.create(this, "ChangeStreamMapping")
                .target(change.alias())
                .eventSourceArn(streamArn)
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(CHANGE_BATCH_SIZE)
                .parallelizationFactor(1)
                .bisectBatchOnError(true)
                .reportBatchItemFailures(true)
                .retryAttempts(CHANGE_MAX_RETRIES)
                .maxRecordAge(CHANGE_MAX_RECORD_AGE)
                .onFailure(new SqsDlq(changeFailures))
                // Profiles, preferences, follow edges, tokens and email reservations; not audit entries.
                .filters(List.of(FilterCriteria.filter(Map.of(
                        "dynamodb", Map.of("Keys", Map.of(UsersTable.PK, Map.of("S", userOrEmailKeys)))))))
                .build();
        changeStream = new Consumer("ChangeStream", change, changeMapping, changeFailures);
    }

    /** Retries until the batch succeeds and never expires records (CDK cannot express -1 itself). */
    private static void unbounded(EventSourceMapping mapping) {
        CfnEventSourceMapping cfn = (CfnEventSourceMapping) mapping.getNode().getDefaultChild();
        cfn.addPropertyOverride("MaximumRetryAttempts", -1);
        cfn.addPropertyOverride("MaximumRecordAgeInSeconds", -1);
    }

    private Queue failureQueue(String id) {
        Queue queue = Queue.Builder.create(this, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(FAILURE_RETENTION)
                .build();
        Suppressions.suppress(queue, "AwsSolutions-SQS3",
                "This queue is itself the dead-letter destination (on-failure destination of a stream "
                        + "event source mapping); it holds batch metadata for replay and is not consumed.");
        return queue;
    }

    public Consumer followCounter() {
        return followCounter;
    }

    public Consumer changeStream() {
        return changeStream;
    }

    public List<Consumer> consumers() {
        return List.of(followCounter, changeStream);
    }
}
