package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.streams.StreamConsumer;

/**
 * The deployed functions' timeouts are core's ({@link ApiFunction#TIMEOUT},
 * {@link StreamConsumer#FUNCTION_TIMEOUT}), the ones the local stack runs them with
 * ({@code StackFunctionsTest}); the triggers have Cognito's 5 s.
 */
class FunctionTimeoutsTest {

    @Test
    void everyFunction_hasTheTimeoutOfItsKind() {
        Map<String, Integer> timeoutByHandler = new HashMap<>();
        for (JsonNode function : SynthesizedApp.dev().resources("AWS::Lambda::Function").values()) {
            JsonNode properties = function.path("Properties");
            if (properties.path("Handler").asText().startsWith("dev.userbase.")) {
                timeoutByHandler.put(properties.path("Handler").asText(), properties.path("Timeout").asInt());
            }
        }

        for (ApiFunction function : ApiFunction.values()) {
            assertThat(timeoutByHandler).containsEntry(function.handlerClass(), (int) ApiFunction.TIMEOUT.toSeconds());
        }
        for (StreamConsumer consumer : StreamConsumer.values()) {
            assertThat(timeoutByHandler).containsEntry(consumer.handlerClass(),
                    (int) StreamConsumer.FUNCTION_TIMEOUT.toSeconds());
        }
        for (String trigger : new String[] {Handlers.PRE_SIGN_UP, Handlers.POST_CONFIRMATION,
                Handlers.PRE_TOKEN_GENERATION, Handlers.POST_AUTHENTICATION}) {
            assertThat(timeoutByHandler).containsEntry(trigger, 5);
        }
        assertThat(ApiFunction.TIMEOUT.toSeconds()).isEqualTo(10);
        assertThat(StreamConsumer.FUNCTION_TIMEOUT.toSeconds()).isEqualTo(60);
    }
}
