package dev.userbase.cdk;

import java.util.List;
import java.util.Map;

import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.privacy.Pseudonyms;
import dev.userbase.core.streams.StreamConsumer;
import dev.userbase.core.table.UsersTable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.CfnEventSourceMapping;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventSourceMapping;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The two readers of the users table's stream (the DynamoDB Streams limit per table), each with an
 * encrypted on-failure queue. Every mapping setting (batch size and window, tumbling window,
 * parallelization, retries, record age, bisecting, partial batch responses, filters, starting
 * position) comes from core's {@link StreamConsumer}, which the local stack emulates too:
 *
 * <ul>
 *   <li><b>Follow counters</b>: only follow-edge INSERT/REMOVE records reach it (a filter, so
 *       profile edits cost no invocation). Tumbling windows aggregate deltas; the handler's
 *       per-shard checkpoint makes retries and bisected halves harmless. Retries and record age are
 *       bounded: a batch that keeps failing goes to the on-failure queue (alarmed) instead of
 *       holding the shard's counts for a day, and the reconcile job repairs the counts of the users
 *       in its range.</li>
 *   <li><b>Change stream</b>: everything but audit entries (which it writes itself) and other
 *       bookkeeping items. Poison records are isolated by bisecting and partial batch responses;
 *       retries and record age are bounded so one bad record cannot stall a shard for a day, and
 *       what is given up lands in the on-failure queue while the records are still in the stream.</li>
 * </ul>
 */
public final class StreamConsumers extends Construct {

    static final Duration FAILURE_RETENTION = Duration.days(14);

    public record Props(DeploymentSettings settings, Code code, TableAccess users, TableAccess idempotency,
            IEventBus eventBus, IUserPool userPool) {
    }

    /** A consumer: its settings, its function, its mapping, and where the batches it gave up on are recorded. */
    public record Consumer(String name, StreamConsumer settings, JavaFunction function, EventSourceMapping mapping,
            Queue failures) {
    }

    private final List<Consumer> consumers;

    public StreamConsumers(Construct scope, String id, Props props) {
        super(scope, id);
        DeploymentSettings settings = props.settings();
        TableAccess users = props.users();

        Duration timeout = Duration.seconds(StreamConsumer.FUNCTION_TIMEOUT.toSeconds());
        // 512 MB: the window state is at most 1 MB and each invocation a few DynamoDB calls (docs/DEPLOY.md).
        JavaFunction counter = new JavaFunction(this, "FollowCounter", new JavaFunction.Props(
                StreamConsumer.FOLLOW_COUNTER.handlerClass(), props.code(), 512, timeout,
                "Follow counters: aggregates follow-edge changes per tumbling window, applies them exactly once",
                FunctionEnvironment.FOLLOW_COUNTER.values(Map.of(
                        UsersConfig.USERS_TABLE, users.table().getTableName())), settings));
        users.grantStreamRead(counter.role());
        // FollowCounterService: the checkpoint (GetItem, UpdateItem) and TransactWriteItems that put journal
        // parts, update profiles, parked counts and the checkpoint, check profiles and delete applied parts.
        users.grantItems(counter.role(), TableAccess.GET_ITEM, TableAccess.PUT_ITEM, TableAccess.UPDATE_ITEM,
                TableAccess.DELETE_ITEM, TableAccess.CONDITION_CHECK_ITEM);
        Consumer followCounter = consumer("FollowCounter", StreamConsumer.FOLLOW_COUNTER, counter, users);

        // ErasureCascade: the HMAC key of erased users' audit pseudonyms, generated at the first deployment and
        // resolved at deployment (never in the template). It must never change: a new key would give an
        // erased user a second pseudonym.
        Secret pseudonymKey = Secret.Builder.create(this, "AuditPseudonymKey")
                .description("HMAC key of the pseudonyms that replace erased users' ids in their audit trails")
                .generateSecretString(SecretStringGenerator.builder().passwordLength(64).excludePunctuation(true).build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Suppressions.suppress(pseudonymKey, "AwsSolutions-SMG4",
                "The audit pseudonym key must not rotate: a new key would split an erased user's pseudonymised trail.");
        JavaFunction change = new JavaFunction(this, "ChangeStream", new JavaFunction.Props(
                StreamConsumer.CHANGE_STREAM.handlerClass(), props.code(), 1024, timeout,
                "Change stream: publishes domain events, writes audit entries, handles TTL expiry",
                FunctionEnvironment.CHANGE_STREAM.values(Map.of(
                        UsersConfig.USERS_TABLE, users.table().getTableName(),
                        UsersConfig.IDEMPOTENCY_TABLE, props.idempotency().table().getTableName(),
                        UsersConfig.USER_POOL_ID, props.userPool().getUserPoolId(),
                        UsersConfig.EVENT_BUS_NAME, props.eventBus().getEventBusName(),
                        UsersConfig.EVENT_SOURCE, settings.eventSource(),
                        Pseudonyms.SETTING, pseudonymKey.getSecretValue().unsafeUnwrap())),
                settings));
        users.grantStreamRead(change.role());
        // AuditWriter: BatchWriteItem (puts only); then BatchGetItem of the erasure markers of the entries'
        // subjects (ErasureCascade.afterAudit). ExpiryCleanup: Query for a change's tokens, DeleteItem,
        // UpdateItem. PendingCountsMerger: GetItem, then a transaction that updates the profile and deletes
        // the parked counts.
        users.grantItems(change.role(), TableAccess.GET_ITEM, TableAccess.UPDATE_ITEM, TableAccess.DELETE_ITEM,
                TableAccess.BATCH_WRITE_ITEM, TableAccess.BATCH_GET_ITEM);
        users.grantQuery(change.role(), true);
        // ErasureCascade: puts the tombstone back and the pseudonymised audit entries (PutItem), follows an erased
        // administrator's actor links (Query, UpdateItem, DeleteItem), deletes the
        // followers' edges it finds in the followers index; the rest it shares with the grants above.
        users.grantItems(change.role(), TableAccess.PUT_ITEM);
        users.grantQuery(change.role(), false, UsersTable.FOLLOWERS_INDEX);
        // Powertools' DynamoDB persistence store: saveInProgress (PutItem), getRecord (GetItem),
        // saveSuccess (UpdateItem), deleteRecord (DeleteItem).
        props.idempotency().grantItems(change.role(), TableAccess.GET_ITEM, TableAccess.PUT_ITEM,
                TableAccess.UPDATE_ITEM, TableAccess.DELETE_ITEM);
        props.eventBus().grantPutEventsTo(change.role());
        // ExpiryCleanup: an expired sign-up's Cognito user is deleted if it is still unconfirmed. ErasureCascade:
        // an erased account's Cognito user is deleted (the only function that erases; docs/PRIVACY.md).
        change.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("cognito-idp:AdminGetUser", "cognito-idp:AdminDeleteUser"))
                .resources(List.of(props.userPool().getUserPoolArn()))
                .build());
        consumers = List.of(followCounter, consumer("ChangeStream", StreamConsumer.CHANGE_STREAM, change, users));
    }

    /** The mapping of {@code function} on the users table's stream, exactly as {@code consumer} says. */
    private Consumer consumer(String name, StreamConsumer consumer, JavaFunction function, TableAccess users) {
        Queue failures = failureQueue(name + "Failures");
        EventSourceMapping.Builder mapping = EventSourceMapping.Builder.create(this, name + "Mapping")
                .target(function.alias())
                .eventSourceArn(users.table().getTableStreamArn())
                .startingPosition(StartingPosition.valueOf(StreamConsumer.STARTING_POSITION))
                .batchSize(consumer.batchSize())
                .maxBatchingWindow(Duration.seconds(consumer.maximumBatchingWindowSeconds()))
                .parallelizationFactor(consumer.parallelizationFactor())
                .bisectBatchOnError(consumer.bisectBatchOnFunctionError())
                .reportBatchItemFailures(consumer.reportBatchItemFailures())
                .onFailure(new SqsDlq(failures))
                // Lambda filter criteria: each pattern is the JSON text core defines (ORed).
                .filters(consumer.filterPatterns().stream().map(p -> Map.<String, Object>of("pattern", p)).toList());
        consumer.tumblingWindowSeconds().ifPresent(s -> mapping.tumblingWindow(Duration.seconds(s)));
        // CDK accepts neither -1 for retries nor -1 for record age (unbounded): set those on the resource.
        if (consumer.maximumRetryAttempts() >= 0) {
            mapping.retryAttempts(consumer.maximumRetryAttempts());
        }
        if (consumer.maximumRecordAgeSeconds() >= 0) {
            mapping.maxRecordAge(Duration.seconds(consumer.maximumRecordAgeSeconds()));
        }
        EventSourceMapping built = mapping.build();
        CfnEventSourceMapping cfn = (CfnEventSourceMapping) built.getNode().getDefaultChild();
        if (consumer.maximumRetryAttempts() < 0) {
            cfn.addPropertyOverride("MaximumRetryAttempts", -1);
        }
        if (consumer.maximumRecordAgeSeconds() < 0) {
            cfn.addPropertyOverride("MaximumRecordAgeInSeconds", -1);
        }
        return new Consumer(name, consumer, function, built, failures);
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

    /** The follow counter and the change stream, in that order. */
    public List<Consumer> consumers() {
        return consumers;
    }
}
