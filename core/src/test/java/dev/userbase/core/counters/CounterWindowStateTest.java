package dev.userbase.core.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userbase.core.model.FollowCountDelta;
import dev.userbase.core.streams.SequenceNumbers;

class CounterWindowStateTest {

    @Test
    void encode_decode_roundTripsDeltasAndRangeAndDropsCancelledUsers() {
        CounterWindowState state = CounterWindowState.startingAfter("100");
        state.add("bob", 1, 0);
        state.add("ann", 0, 1);
        state.add("cat", 1, 0);
        state.add("cat", -1, 0);
        state.advanceTo("205");

        Map<String, String> encoded = state.encode();
        CounterWindowState decoded = CounterWindowState.decode(encoded);

        assertThat(encoded).doesNotContainKey("=cat");
        assertThat(decoded.base()).isEqualTo("100");
        assertThat(decoded.max()).isEqualTo("205");
        assertThat(decoded.nonZeroDeltas()).containsOnlyKeys("ann", "bob");
        assertThat(decoded.nonZeroDeltas().get("bob")).isEqualTo(new FollowCountDelta(1, 0));
    }

    @Test
    void covers_comparesSequenceNumbersAsNumbers() {
        CounterWindowState state = CounterWindowState.startingAfter(null);
        state.advanceTo("99");

        assertThat(state.covers("100")).isFalse(); // "100" < "99" as text
        assertThat(state.covers("000000000000000000099")).isTrue();
        assertThat(SequenceNumbers.max("9", "10")).isEqualTo("10");
    }

    @Test
    void decode_emptyOrNull_isANewWindow() {
        assertThat(CounterWindowState.decode(null).max()).isNull();
        assertThat(CounterWindowState.decode(Map.of()).nonZeroDeltas()).isEmpty();
    }

    @Test
    void decode_unknownFormat_isRefused() {
        assertThatThrownBy(() -> CounterWindowState.decode(Map.of("#v", "9")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void estimatedBytes_growsWithDistinctUsersOnly() {
        CounterWindowState state = CounterWindowState.startingAfter(null);
        state.add("user-1", 1, 0);
        long one = state.estimatedBytes();
        state.add("user-1", 1, 0);
        assertThat(state.estimatedBytes()).isEqualTo(one);
        state.add("user-2", 1, 0);
        assertThat(state.estimatedBytes()).isGreaterThan(one);
        // the estimate is an upper bound of the JSON Lambda stores
        String json = state.encode().toString();
        assertThat(state.estimatedBytes()).isGreaterThanOrEqualTo(json.length());
    }
}
