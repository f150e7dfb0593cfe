package dev.userbase.core.testing;

import java.net.URI;
import java.time.Duration;

import dev.userbase.dynamodb.EmbeddedDynamoDbOptions;
import dev.userbase.dynamodb.fault.Faults;
import dev.userbase.dynamodb.sdk.LocalDynamoDb;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One embedded DynamoDB engine per test JVM, started by the engine's SDK launcher
 * ({@link LocalDynamoDb}) and spoken to over HTTP by the real AWS SDK, so requests are marshalled,
 * signed and answered as against DynamoDB. Started on first use on a free loopback port, in memory,
 * with TTL expiry only on {@link #sweepExpiredItems()}; stopped when the JVM exits. Tests that inject
 * faults use {@link #faults()} and must clear them ({@link Faults#clear()}) when they end.
 */
public final class TestDynamoDb {

    public static final StaticCredentialsProvider CREDENTIALS = LocalDynamoDb.CREDENTIALS;
    public static final Region REGION = Region.US_EAST_1;
    /** How many times the SDK's DynamoDB client tries a call (DynamoDbRetryPolicy: 8 retries). */
    public static final int SDK_DYNAMODB_ATTEMPTS = 9;

    private static TestDynamoDb shared;

    private final LocalDynamoDb db;

    private TestDynamoDb(LocalDynamoDb db) {
        this.db = db;
    }

    /** The JVM's engine, started on first call. */
    public static synchronized TestDynamoDb shared() {
        if (shared == null) {
            LocalDynamoDb db = LocalDynamoDb.start(EmbeddedDynamoDbOptions.builder()
                    .region(REGION.id())
                    // DynamoDB deletes expired items "within a few days": tests must not depend on it,
                    // so expiry runs only when a test asks for it (sweepExpiredItems)
                    .ttlInterval(Duration.ZERO)
                    .build());
            shared = new TestDynamoDb(db);
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "embedded-dynamodb-stop"));
        }
        return shared;
    }

    public URI endpoint() {
        return db.endpoint();
    }

    /** The engine's fault injector: make the next calls of an operation fail or slow down. */
    public Faults faults() {
        return db.faults();
    }

    /** Deletes every expired item now (the engine's TTL sweep, as DynamoDB's TTL process would). */
    public int sweepExpiredItems() {
        return db.sweepExpiredItems();
    }

    /** A new client of the engine, with these interceptors (to count, record or crash its calls); the caller closes it. */
    public DynamoDbClient newClient(ExecutionInterceptor... interceptors) {
        return db.newClient(interceptors);
    }

    /**
     * A client that retries as the SDK's DynamoDB client does (9 attempts; throttling, 5xx and
     * transport errors retried, TransactionConflict and conditions not), but backs off for
     * milliseconds instead of up to 20 s per attempt, without the retry quota: a fault test
     * that exhausts the retries sees the same errors without waiting a minute for each
     * (the SDK's own throttling backoff takes about 60 s to give up).
     */
    public DynamoDbClient newClientWithQuickRetries() {
        BackoffStrategy quick = BackoffStrategy.exponentialDelay(Duration.ofMillis(1), Duration.ofMillis(20));
        return db.clientBuilder()
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(SDK_DYNAMODB_ATTEMPTS)
                        .backoffStrategy(quick)
                        .throttlingBackoffStrategy(quick)
                        .circuitBreakerEnabled(false)
                        .build()))
                .build();
    }

    public DynamoDbStreamsClient newStreamsClient() {
        return db.newStreamsClient();
    }
}
