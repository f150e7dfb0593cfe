package dev.userbase.testing;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.function.IntSupplier;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;

/**
 * The Lambda {@link Context} of an invocation made outside Lambda: in-process tests, the local
 * stack's functions, a benchmark's measured JVM. It carries a request id (random unless given, so
 * a test can correlate log lines or idempotency records), the function's name, ARN and memory,
 * the time left (fixed, or counted down to a deadline) and a logger on a stream. The handlers read
 * nothing else from it. The one implementation the project has.
 */
public final class LambdaTestContext implements Context {

    /** The remaining time a context reports unless told otherwise: Cognito's trigger limit. */
    public static final int DEFAULT_REMAINING_MILLIS = 5_000;
    public static final int DEFAULT_MEMORY_MB = 1024;

    private final String requestId;
    private final String functionName;
    private final String functionArn;
    private final String logStreamName;
    private final int memoryMb;
    private final IntSupplier remainingMillis;
    private final LambdaLogger logger;

    public LambdaTestContext() {
        this(UUID.randomUUID().toString());
    }

    public LambdaTestContext(String requestId) {
        this(requestId, "userbase-test");
    }

    public LambdaTestContext(String requestId, String functionName) {
        this(requestId, functionName, () -> DEFAULT_REMAINING_MILLIS);
    }

    private LambdaTestContext(String requestId, String functionName, IntSupplier remainingMillis) {
        this(requestId, functionName, arnOf(functionName), "2026/01/01/[$LATEST]0123456789abcdef",
                DEFAULT_MEMORY_MB, remainingMillis, new StreamLogger(System.err, ""));
    }

    /**
     * @param remainingMillis asked on every {@link #getRemainingTimeInMillis()} (a deadline's countdown, or a constant)
     */
    public LambdaTestContext(String requestId, String functionName, String functionArn, String logStreamName,
            int memoryMb, IntSupplier remainingMillis, LambdaLogger logger) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.functionArn = Objects.requireNonNull(functionArn, "functionArn");
        this.logStreamName = Objects.requireNonNull(logStreamName, "logStreamName");
        this.memoryMb = memoryMb;
        this.remainingMillis = Objects.requireNonNull(remainingMillis, "remainingMillis");
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    /** A context of {@code requestId} with {@code remainingMillis} left whenever asked (a job's time budget). */
    public static LambdaTestContext withRemaining(String requestId, int remainingMillis) {
        return new LambdaTestContext(requestId, "userbase-test", () -> remainingMillis);
    }

    /** The ARN Lambda would give {@code functionName} (a fixed test account and region). */
    public static String arnOf(String functionName) {
        return "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return logStreamName;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return Math.max(0, remainingMillis.getAsInt());
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    /** Lines logged through the context, on a stream, each after {@code prefix} (the local stack: the function's name). */
    public static final class StreamLogger implements LambdaLogger {

        private final PrintStream out;
        private final String prefix;

        public StreamLogger(PrintStream out, String prefix) {
            this.out = Objects.requireNonNull(out, "out");
            this.prefix = Objects.requireNonNull(prefix, "prefix");
        }

        @Override
        public void log(String message) {
            out.println(prefix + message.stripTrailing());
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            log(level + " " + message);
        }
    }
}
