package dev.userbase.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.counters.PendingCountsMerger;
import dev.userbase.core.events.AuditWriter;
import dev.userbase.core.events.ChangeEventMapper;
import dev.userbase.core.events.ChangeStreamProcessor;
import dev.userbase.core.events.EventPublisher;
import dev.userbase.core.events.EventSink;
import dev.userbase.core.events.StreamInput;
import dev.userbase.core.expiry.ExpiryCleanup;
import dev.userbase.core.model.MalformedItemException;
import dev.userbase.core.privacy.ErasureCascade;
import dev.userbase.core.privacy.Pseudonyms;
import dev.userbase.core.storage.Sleeper;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The change stream: every change of the users table becomes its domain events on EventBridge,
 * its audit entries, and (for TTL deletions) the release of what the expired item held. Reports
 * partial batch failures; see {@link ChangeStreamProcessor} for the ordering and retry rules and
 * docs/ARCHITECTURE.md ("Stream consumers") for the event source mapping's settings.
 */
public final class ChangeStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private static final Logger LOG = LogManager.getLogger(ChangeStreamHandler.class);
    /** The idempotency store calls of one PutEvents call run side by side: one thread per entry. */
    private static final ExecutorService LEDGER_CALLS = Executors.newFixedThreadPool(EventSink.MAX_ENTRIES, runnable -> {
        Thread thread = new Thread(runnable, "idempotency-store");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Follow edges an erasure deletes per invocation (two writes each): a few seconds of writes, far
     * inside the function's timeout, however many followers the user has.
     */
    static final int ERASURE_EDGES_PER_ROUND = 500;

    /** The audit pseudonym key, read once per container (at first use: a processor built for tests needs none set). */
    private static final Supplier<Pseudonyms> PSEUDONYMS = memoize(
            () -> Pseudonyms.fromSetting(System.getenv(Pseudonyms.SETTING), System.getenv()));

    private final ChangeStreamProcessor processor;
    private final Clock clock;
    private final Duration defaultInvocationTime;

    /** Lambda: settings from the environment, clients built once per container. */
    public ChangeStreamHandler() {
        this(AwsClients.create(UsersConfig.fromEnvironment()), Clock.systemUTC());
    }

    /** The local stack and tests: the given clients and clock. */
    public ChangeStreamHandler(AwsClients clients, Clock clock) {
        this(clients, clock, ChangeStreamSettings.defaults());
    }

    /**
     * The local stack: the given clients and clock, and the audit pseudonym key from the environment the
     * stack gives its functions (which is not this JVM's).
     */
    public ChangeStreamHandler(AwsClients clients, Clock clock, Map<String, String> environment) {
        this(processor(clients, clock, ChangeStreamSettings.defaults(),
                        Pseudonyms.fromSetting(environment.get(Pseudonyms.SETTING), environment)),
                clock, ChangeStreamSettings.defaults().invocationTimeWithoutContext());
    }

    public ChangeStreamHandler(AwsClients clients, Clock clock, ChangeStreamSettings settings) {
        this(processor(clients, clock, settings), clock, settings.invocationTimeWithoutContext());
    }

    public ChangeStreamHandler(ChangeStreamProcessor processor, Clock clock, Duration defaultInvocationTime) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultInvocationTime = Objects.requireNonNull(defaultInvocationTime, "defaultInvocationTime");
    }

    private static ChangeStreamProcessor processor(AwsClients clients, Clock clock, ChangeStreamSettings settings) {
        return processor(clients, clock, settings, PSEUDONYMS.get());
    }

    private static ChangeStreamProcessor processor(AwsClients clients, Clock clock, ChangeStreamSettings settings,
            Pseudonyms pseudonyms) {
        UsersConfig config = clients.config();
        EventBridgeClient eventBridge = clients.configure(EventBridgeClient.builder(),
                        config.endpoints().eventBridgeOverride())
                .overrideConfiguration(c -> c
                        .apiCallAttemptTimeout(settings.eventBridgeAttemptTimeout())
                        .apiCallTimeout(settings.eventBridgeCallTimeout()))
                .build();
        return processor(config, clients.dynamoDb(), eventBridge, clients::cognito, clock, settings, pseudonyms,
                ERASURE_EDGES_PER_ROUND);
    }

    /** The processor on the given clients (tests inject faults into them; bench/ counts their calls). */
    public static ChangeStreamProcessor processor(UsersConfig config, DynamoDbClient dynamoDb, EventBridgeClient eventBridge,
            Supplier<CognitoIdentityProviderClient> cognito, Clock clock, ChangeStreamSettings settings) {
        return processor(config, dynamoDb, eventBridge, cognito, clock, settings, PSEUDONYMS.get(),
                ERASURE_EDGES_PER_ROUND);
    }

    /** As above, with the erasure's pseudonym key and round size given (tests make rounds small). */
    public static ChangeStreamProcessor processor(UsersConfig config, DynamoDbClient dynamoDb, EventBridgeClient eventBridge,
            Supplier<CognitoIdentityProviderClient> cognito, Clock clock, ChangeStreamSettings settings,
            Pseudonyms pseudonyms, int erasureEdgesPerRound) {
        Sleeper sleeper = Sleeper.real();
        EventPublisher publisher = new EventPublisher(
                new EventBridgeSink(eventBridge, config.eventBusName(), config.eventSource()),
                new PowertoolsPublicationLedger(dynamoDb, config.idempotencyTable(), settings.idempotencyWindow()),
                settings.publisher(), clock, sleeper, new Random(), LEDGER_CALLS);
        return new ChangeStreamProcessor(
                new ChangeEventMapper(),
                new ExpiryCleanup(dynamoDb, config.usersTable(), cognito, config.userPoolId()),
                new PendingCountsMerger(dynamoDb, config.usersTable()),
                new ErasureCascade(dynamoDb, config.usersTable(), config.idempotencyTable(), cognito,
                        config.userPoolId(), pseudonyms, clock, erasureEdgesPerRound),
                new AuditWriter(dynamoDb, config.usersTable(), sleeper),
                publisher);
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<StreamInput> inputs = new ArrayList<>(records.size());
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            inputs.add(read(record));
        }
        Instant now = clock.instant();
        Instant deadline = context == null
                ? now.plus(defaultInvocationTime)
                : now.plusMillis(context.getRemainingTimeInMillis());
        List<String> failed = processor.process(inputs, deadline);
        if (!failed.isEmpty()) {
            LOG.warn("{} of {} records failed; Lambda retries from {}", failed.size(), records.size(), failed.get(0));
        }
        return StreamsEventResponse.builder()
                .withBatchItemFailures(failed.stream()
                        .map(sequence -> StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(sequence).build())
                        .toList())
                .build();
    }

    private static StreamInput read(DynamodbEvent.DynamodbStreamRecord record) {
        try {
            return StreamInput.of(LambdaRecords.toChangeRecord(record, record.getEventSourceARN()));
        } catch (MalformedItemException | IllegalArgumentException e) {
            String sequence = record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
            if (sequence == null) {
                // without a sequence number Lambda cannot be told which record failed: fail the batch
                throw new IllegalArgumentException("stream record without a sequence number: " + record.getEventID(), e);
            }
            return StreamInput.unreadable(sequence, partitionKey(record), e.getMessage());
        }
    }

    private static String partitionKey(DynamodbEvent.DynamodbStreamRecord record) {
        var keys = record.getDynamodb().getKeys();
        var pk = keys == null ? null : keys.get(dev.userbase.core.table.UsersTable.PK);
        return pk == null ? null : pk.getS();
    }
}
