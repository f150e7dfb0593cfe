package dev.userbase.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.streams.StreamConsumer;
import dev.userbase.local.streams.EventSourceMapping;

/** The local wiring takes its handlers and mapping settings from core's definitions, as the deployment does. */
class StackFunctionsTest {

    private final StackFunctions functions = StackFunctions.real(Duration.ofSeconds(5));

    @Test
    void streamMappings_takeStreamConsumersSettings_exceptTheLocalFollowWindow() {
        assertMapping(functions.followCounterMapping(), StreamConsumer.FOLLOW_COUNTER);
        assertThat(functions.followCounterMapping().tumblingWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThat(functions.followCounterMapping().maximumRecordAge())
                .isEqualTo(Duration.ofSeconds(StreamConsumer.FOLLOW_COUNTER.maximumRecordAgeSeconds()));

        assertMapping(functions.changeStreamMapping(), StreamConsumer.CHANGE_STREAM);
        assertThat(functions.changeStreamMapping().hasTumblingWindow()).isFalse();
        assertThat(functions.changeStreamMapping().maximumRecordAge())
                .isEqualTo(Duration.ofSeconds(StreamConsumer.CHANGE_STREAM.maximumRecordAgeSeconds()));
    }

    @Test
    void handlers_areTheClassesCoreNames() {
        assertThat(functions.followCounter().handlerClass()).isEqualTo(StreamConsumer.FOLLOW_COUNTER.handlerClass());
        assertThat(functions.changeStream().handlerClass()).isEqualTo(StreamConsumer.CHANGE_STREAM.handlerClass());
        for (ApiFunction function : ApiFunction.values()) {
            assertThat(functions.api().get(function).handlerClass()).isEqualTo(function.handlerClass());
        }
    }

    @Test
    void timeouts_areTheDeployedOnes() {
        for (ApiFunction function : ApiFunction.values()) {
            assertThat(functions.api().get(function).timeout()).isEqualTo(ApiFunction.TIMEOUT).hasSeconds(10);
        }
        assertThat(functions.followCounter().timeout()).isEqualTo(StreamConsumer.FUNCTION_TIMEOUT).hasSeconds(60);
        assertThat(functions.changeStream().timeout()).isEqualTo(StreamConsumer.FUNCTION_TIMEOUT);
    }

    private static void assertMapping(EventSourceMapping mapping, StreamConsumer consumer) {
        assertThat(mapping.batchSize()).isEqualTo(consumer.batchSize());
        assertThat(mapping.maximumBatchingWindow()).isEqualTo(Duration.ofSeconds(consumer.maximumBatchingWindowSeconds()));
        assertThat(mapping.startingPosition().name()).isEqualTo(StreamConsumer.STARTING_POSITION);
        assertThat(mapping.filters()).containsExactlyElementsOf(consumer.filterPatterns().stream().map(Json::parse).toList());
        assertThat(mapping.reportBatchItemFailures()).isEqualTo(consumer.reportBatchItemFailures());
        assertThat(mapping.bisectBatchOnFunctionError()).isEqualTo(consumer.bisectBatchOnFunctionError());
        assertThat(mapping.maximumRetryAttempts()).isEqualTo(consumer.maximumRetryAttempts());
    }
}
