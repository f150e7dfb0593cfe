package dev.userbase.local;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.streams.StreamConsumer;
import dev.userbase.local.lambda.FunctionDefinition;
import dev.userbase.local.streams.EventSourceMapping;
import dev.userbase.triggers.PostAuthenticationHandler;
import dev.userbase.triggers.PostConfirmationHandler;
import dev.userbase.triggers.PreSignUpHandler;
import dev.userbase.triggers.PreTokenGenerationHandler;
import dev.userbase.triggers.UserMigrationHandler;

/**
 * The functions of the pipeline and how they are wired: the Cognito triggers, the API functions, the
 * stream consumers with their event source mappings. {@link #real} is the project's handlers, with the
 * mapping settings of {@link StreamConsumer} (the CDK stack's source too); tests may swap in others.
 */
public record StackFunctions(
        FunctionDefinition preSignUp,
        FunctionDefinition postConfirmation,
        FunctionDefinition preTokenGeneration,
        FunctionDefinition postAuthentication,
        FunctionDefinition userMigration,
        Map<ApiFunction, FunctionDefinition> api,
        FunctionDefinition followCounter,
        EventSourceMapping followCounterMapping,
        FunctionDefinition changeStream,
        EventSourceMapping changeStreamMapping) {

    // The triggers are named after the trigger: cognito-local words a trigger's failure
    // "<function> failed with error <message>.", and Cognito says "PreSignUp failed with error <message>.",
    // so clients see the same message here as in AWS.
    public static final String PRE_SIGN_UP = "PreSignUp";
    public static final String POST_CONFIRMATION = "PostConfirmation";
    public static final String PRE_TOKEN_GENERATION = "PreTokenGeneration";
    public static final String POST_AUTHENTICATION = "PostAuthentication";
    public static final String USER_MIGRATION = "UserMigration";
    public static final String FOLLOW_COUNTER = "users-follow-counter";
    public static final String CHANGE_STREAM = "users-change-stream";

    /** The follow counter's filter (a Lambda filter pattern on the record JSON), as {@link StreamConsumer} defines it. */
    public static final JsonNode FOLLOW_EDGE_FILTER = Json.parse(StreamConsumer.FOLLOW_COUNTER.filterPatterns().get(0));

    public StackFunctions {
        api = Map.copyOf(api);
    }

    /**
     * The real handlers, with the mappings {@link StreamConsumer} defines, except the follow counter's
     * tumbling window: {@code followCounterWindow} ({@code LOCAL_FOLLOW_WINDOW_SECONDS}, 5 s) instead of
     * minutes, so counts show up while you watch.
     */
    public static StackFunctions real(Duration followCounterWindow) {
        Map<ApiFunction, FunctionDefinition> api = new EnumMap<>(ApiFunction.class);
        for (ApiFunction function : ApiFunction.values()) {
            api.put(function, FunctionDefinition.of(apiFunctionName(function), function.handlerClass())
                    .withTimeout(ApiFunction.TIMEOUT));
        }
        // Cognito waits 5 s for a trigger
        Duration triggerTimeout = Duration.ofSeconds(5);
        Duration streamTimeout = StreamConsumer.FUNCTION_TIMEOUT;
        return new StackFunctions(
                FunctionDefinition.of(PRE_SIGN_UP, PreSignUpHandler.class.getName()).withTimeout(triggerTimeout),
                FunctionDefinition.of(POST_CONFIRMATION, PostConfirmationHandler.class.getName()).withTimeout(triggerTimeout),
                FunctionDefinition.of(PRE_TOKEN_GENERATION, PreTokenGenerationHandler.class.getName()).withTimeout(triggerTimeout),
                FunctionDefinition.of(POST_AUTHENTICATION, PostAuthenticationHandler.class.getName()).withTimeout(triggerTimeout),
                FunctionDefinition.of(USER_MIGRATION, UserMigrationHandler.class.getName()).withTimeout(triggerTimeout),
                api,
                FunctionDefinition.of(FOLLOW_COUNTER, StreamConsumer.FOLLOW_COUNTER.handlerClass()).withTimeout(streamTimeout),
                mapping(FOLLOW_COUNTER, StreamConsumer.FOLLOW_COUNTER, Optional.of(followCounterWindow)),
                FunctionDefinition.of(CHANGE_STREAM, StreamConsumer.CHANGE_STREAM.handlerClass()).withTimeout(streamTimeout),
                mapping(CHANGE_STREAM, StreamConsumer.CHANGE_STREAM, Optional.empty()));
    }

    public static String apiFunctionName(ApiFunction function) {
        return "users-api-" + function.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * {@code consumer}'s event source mapping as the local pollers run it: batch size, batching window,
     * filters, partial batch responses, bisecting, retries and record age from {@link StreamConsumer}.
     * Not emulated: the parallelization factor (each shard is read by one poller, in order, which keeps
     * the per-key order a higher factor also keeps).
     *
     * @param tumblingWindow replaces the consumer's window, if it has one
     */
    public static EventSourceMapping mapping(String functionName, StreamConsumer consumer, Optional<Duration> tumblingWindow) {
        EventSourceMapping.Builder mapping = EventSourceMapping.builder(functionName)
                .batchSize(consumer.batchSize())
                .maximumBatchingWindow(Duration.ofSeconds(consumer.maximumBatchingWindowSeconds()))
                .startingPosition(EventSourceMapping.StartingPosition.valueOf(StreamConsumer.STARTING_POSITION))
                .filters(consumer.filterPatterns().stream().map(Json::parse).toList())
                .reportBatchItemFailures(consumer.reportBatchItemFailures())
                .bisectBatchOnFunctionError(consumer.bisectBatchOnFunctionError())
                .maximumRetryAttempts(consumer.maximumRetryAttempts());
        if (consumer.maximumRecordAgeSeconds() >= 0) {
            mapping.maximumRecordAge(Duration.ofSeconds(consumer.maximumRecordAgeSeconds()));
        }
        consumer.tumblingWindowSeconds().ifPresent(seconds ->
                mapping.tumblingWindow(tumblingWindow.orElse(Duration.ofSeconds(seconds))));
        return mapping.build();
    }

    public StackFunctions withMappings(EventSourceMapping followCounter, EventSourceMapping changeStream) {
        return new StackFunctions(preSignUp, postConfirmation, preTokenGeneration, postAuthentication, userMigration,
                api, this.followCounter, followCounter,
                this.changeStream, changeStream);
    }

    /** The trigger wiring cognito-local is configured with (its trigger name to function name). */
    public Map<String, String> cognitoTriggers() {
        return Map.of(
                "PreSignUp", preSignUp.name(),
                "PostConfirmation", postConfirmation.name(),
                "PreTokenGeneration", preTokenGeneration.name(),
                "PostAuthentication", postAuthentication.name(),
                "UserMigration", userMigration.name());
    }

    public List<FunctionDefinition> all() {
        List<FunctionDefinition> all = new java.util.ArrayList<>(
                List.of(preSignUp, postConfirmation, preTokenGeneration, postAuthentication, userMigration));
        for (ApiFunction function : ApiFunction.values()) {
            all.add(api.get(function));
        }
        all.add(followCounter);
        all.add(changeStream);
        return all;
    }
}
