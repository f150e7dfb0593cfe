package dev.userbase.core.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.FollowCountDelta;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Cancellation;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** What a refused chunk means for its users' next writes, on cancellations as DynamoDB words them. */
class ChunkRefusalTest {

    private static final FollowCountDelta MINUS_ONE = new FollowCountDelta(-1, 0);

    private final CounterStats stats = new CounterStats();
    private final Map<String, CounterWrite> writes = new HashMap<>();

    private static CancellationReason ok() {
        return CancellationReason.builder().code(Cancellation.NONE).build();
    }

    private static CancellationReason failed(Map<String, AttributeValue> item) {
        CancellationReason.Builder reason = CancellationReason.builder().code(Cancellation.CONDITIONAL_CHECK_FAILED);
        return item == null ? reason.build() : reason.item(item).build();
    }

    private static Cancellation cancellation(CancellationReason... reasons) {
        return Cancellation.of(TransactionCanceledException.builder().cancellationReasons(Arrays.asList(reasons)).build());
    }

    private static List<Chunk.Slot> slots(Chunk.Role... roles) {
        return Arrays.stream(roles).map(role -> role == Chunk.Role.PART || role == Chunk.Role.CHECKPOINT
                ? new Chunk.Slot(role, null, null)
                : new Chunk.Slot(role, "u" + role.ordinal(), MINUS_ONE)).toList();
    }

    @Test
    void aCounterRefusedWithItsProfile_isClampedFromTheCountsFound() {
        Map<String, AttributeValue> profile = new HashMap<>(UserProfile.key("u0"));
        profile.put(UserProfile.FOLLOWER_COUNT, Attributes.n(0));

        ChunkRefusal.Outcome outcome = ChunkRefusal.read(cancellation(failed(profile), ok()),
                slots(Chunk.Role.COUNTER, Chunk.Role.PART), writes, stats);

        assertThat(outcome).isEqualTo(ChunkRefusal.Outcome.ADJUSTED);
        assertThat(writes).containsExactly(Map.entry("u0", new CounterWrite.Clamp(0L, null)));
        assertThat(stats.clampedCounts()).isEqualTo(1);
        assertThat(stats.parkedDeltas()).isZero();
    }

    @Test
    void aCounterRefusedWithoutAProfile_isParked() {
        ChunkRefusal.Outcome outcome = ChunkRefusal.read(cancellation(failed(null), ok()),
                slots(Chunk.Role.COUNTER, Chunk.Role.PART), writes, stats);

        assertThat(outcome).isEqualTo(ChunkRefusal.Outcome.ADJUSTED);
        assertThat(writes).containsExactly(Map.entry("u0", new CounterWrite.Park()));
        assertThat(stats.parkedDeltas()).isEqualTo(1);
        assertThat(stats.clampedCounts()).isZero();
    }

    @Test
    void aParkedUserWhoseProfileAppeared_isAddedAgain() {
        writes.put("u1", new CounterWrite.Park());

        ChunkRefusal.Outcome outcome = ChunkRefusal.read(cancellation(failed(UserProfile.key("u1")), ok(), ok()),
                slots(Chunk.Role.PROFILE_ABSENT_CHECK, Chunk.Role.PARKED, Chunk.Role.PART), writes, stats);

        assertThat(outcome).isEqualTo(ChunkRefusal.Outcome.ADJUSTED);
        assertThat(writes).containsExactly(Map.entry("u1", new CounterWrite.Add()));
    }

    @Test
    void aMovedCursor_rereadsThePart_evenWhenCountersWereRefusedToo() {
        ChunkRefusal.Outcome outcome = ChunkRefusal.read(cancellation(failed(null), failed(null)),
                slots(Chunk.Role.COUNTER, Chunk.Role.PART), writes, stats);

        assertThat(outcome).isEqualTo(ChunkRefusal.Outcome.PART_MOVED);
        assertThat(ChunkRefusal.read(cancellation(ok(), ok(), failed(null)),
                slots(Chunk.Role.COUNTER, Chunk.Role.PART, Chunk.Role.CHECKPOINT), new HashMap<>(), stats))
                .isEqualTo(ChunkRefusal.Outcome.PART_MOVED);
    }

    @Test
    void cancellationsNoChunkCanMeet_fail() {
        // a validation error is a bug, not a race
        assertThatThrownBy(() -> ChunkRefusal.read(cancellation(
                CancellationReason.builder().code("ValidationError").build(), ok()),
                slots(Chunk.Role.COUNTER, Chunk.Role.PART), writes, stats))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ValidationError");
        // the parked counts' update has no condition to fail
        assertThatThrownBy(() -> ChunkRefusal.read(cancellation(ok(), failed(null), ok()),
                slots(Chunk.Role.PROFILE_ABSENT_CHECK, Chunk.Role.PARKED, Chunk.Role.PART), writes, stats))
                .isInstanceOf(IllegalStateException.class);
        assertThat(writes).isEmpty();
    }
}
