package dev.userbase.local;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.api.ApiFunction;
import dev.userbase.local.lambda.FunctionDefinition;
import dev.userbase.local.streams.EventSourceMapping;

/**
 * The functions of the pipeline and how they are wired: the Cognito triggers, the API functions, the
 * stream consumers with their event source mappings. By default the real handler classes (loaded by
 * name, so this module does not depend on theirs at compile time); tests may swap in others.
 */
public record StackFunctions(
        FunctionDefinition preSignUp,
        FunctionDefinition postConfirmation,
        FunctionDefinition preTokenGeneration,
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
    public static final String FOLLOW_COUNTER = "users-follow-counter";
    public static final String CHANGE_STREAM = "users-change-stream";

    /** Only follow-edge inserts and removes reach the counter (a Lambda filter pattern on the record JSON). */
    public static final JsonNode FOLLOW_EDGE_FILTER = Json.parse("""
            {"eventName": ["INSERT", "REMOVE"],
             "dynamodb": {"Keys": {"sk": {"S": [{"prefix": "FOLLOWS#"}]}}}}""");

    /** Profiles, preferences, follow edges, tokens and email reservations reach the change stream; audit entries do not. */
    public static final JsonNode CHANGE_STREAM_FILTER = Json.parse("""
            {"dynamodb": {"Keys": {"pk": {"S": [{"prefix": "USER#"}, {"prefix": "EMAIL#"}]}}}}""");

    public StackFunctions {
        api = Map.copyOf(api);
    }

    /** The real handlers, with the local stack's mapping settings. */
    public static StackFunctions real(Duration followCounterWindow) {
        Map<ApiFunction, FunctionDefinition> api = new EnumMap<>(ApiFunction.class);
        for (ApiFunction function : ApiFunction.values()) {
            // API Gateway gives up on an integration after 29 s
            api.put(function, FunctionDefinition.of(apiFunctionName(function), function.handlerClass())
                    .withTimeout(Duration.ofSeconds(29)));
        }
        // Cognito waits 5 s for a trigger
        Duration triggerTimeout = Duration.ofSeconds(5);
        return new StackFunctions(
                FunctionDefinition.of(PRE_SIGN_UP, "dev.userbase.triggers.PreSignUpHandler").withTimeout(triggerTimeout),
                FunctionDefinition.of(POST_CONFIRMATION, "dev.userbase.triggers.PostConfirmationHandler").withTimeout(triggerTimeout),
                FunctionDefinition.of(PRE_TOKEN_GENERATION, "dev.userbase.triggers.PreTokenGenerationHandler").withTimeout(triggerTimeout),
                api,
                // the CDK stack gives the stream consumers 60 s
                FunctionDefinition.of(FOLLOW_COUNTER, "dev.userbase.stream.FollowCounterHandler").withTimeout(Duration.ofSeconds(60)),
                defaultFollowCounterMapping(followCounterWindow),
                FunctionDefinition.of(CHANGE_STREAM, "dev.userbase.stream.ChangeStreamHandler").withTimeout(Duration.ofSeconds(60)),
                defaultChangeStreamMapping());
    }

    public static String apiFunctionName(ApiFunction function) {
        return "users-api-" + function.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * As the CDK stack maps it (batch 1000, filter, partial batch responses, no bisecting, retries and
     * record age unbounded: a skipped follow would make a count wrong forever), except the window:
     * 60 s in AWS, {@code LOCAL_FOLLOW_WINDOW_SECONDS} (5 s) here so counts show up while you watch.
     */
    public static EventSourceMapping defaultFollowCounterMapping(Duration window) {
        return EventSourceMapping.builder(FOLLOW_COUNTER)
                .batchSize(1000)
                .tumblingWindow(window)
                .filters(List.of(FOLLOW_EDGE_FILTER))
                .reportBatchItemFailures(true)
                .bisectBatchOnFunctionError(false)
                .maximumRetryAttempts(-1)
                .build();
    }

    /**
     * As the CDK stack maps it: batch 100, every user and email item (not audit entries), bisect on
     * error, partial batch responses, 10 retries, records older than an hour given up.
     */
    public static EventSourceMapping defaultChangeStreamMapping() {
        return EventSourceMapping.builder(CHANGE_STREAM)
                .batchSize(100)
                .filters(List.of(CHANGE_STREAM_FILTER))
                .reportBatchItemFailures(true)
                .bisectBatchOnFunctionError(true)
                .maximumRetryAttempts(10)
                .maximumRecordAge(Duration.ofHours(1))
                .build();
    }

    public StackFunctions withMappings(EventSourceMapping followCounter, EventSourceMapping changeStream) {
        return new StackFunctions(preSignUp, postConfirmation, preTokenGeneration, api, this.followCounter, followCounter,
                this.changeStream, changeStream);
    }

    /** The trigger wiring cognito-local is configured with (its trigger name to function name). */
    public Map<String, String> cognitoTriggers() {
        return Map.of(
                "PreSignUp", preSignUp.name(),
                "PostConfirmation", postConfirmation.name(),
                "PreTokenGeneration", preTokenGeneration.name());
    }

    public List<FunctionDefinition> all() {
        List<FunctionDefinition> all = new java.util.ArrayList<>(List.of(preSignUp, postConfirmation, preTokenGeneration));
        for (ApiFunction function : ApiFunction.values()) {
            all.add(api.get(function));
        }
        all.add(followCounter);
        all.add(changeStream);
        return all;
    }
}
