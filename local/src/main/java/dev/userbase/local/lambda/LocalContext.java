package dev.userbase.local.lambda;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;

/** The {@link Context} of one local invocation: request id, function identity, deadline, a console logger. */
final class LocalContext implements Context {

    private final String requestId;
    private final FunctionDefinition function;
    private final String functionArn;
    private final Instant deadline;
    private final Clock clock;
    private final LambdaLogger logger;

    LocalContext(String requestId, FunctionDefinition function, String functionArn, Instant deadline, Clock clock) {
        this.requestId = requestId;
        this.function = function;
        this.functionArn = functionArn;
        this.deadline = deadline;
        this.clock = clock;
        this.logger = new ConsoleLogger(function.name());
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + function.name();
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + function.name();
    }

    @Override
    public String getFunctionName() {
        return function.name();
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
        return (int) Math.max(0, deadline.toEpochMilli() - clock.millis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return function.memoryMb();
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    /** Lines a handler logs through the context reach the console, tagged with the function name. */
    private record ConsoleLogger(String functionName) implements LambdaLogger {
        @Override
        public void log(String message) {
            System.out.println("[" + functionName + "] " + message.stripTrailing());
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
