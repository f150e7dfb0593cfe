package dev.userbase.core.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.userbase.core.model.FollowCountDelta;
import dev.userbase.core.store.FollowCounts.Replacement;

/** How many users go in a chunk's transaction, and what a clamped write sets. */
class ChunkTest {

    private static List<Map.Entry<String, FollowCountDelta>> users(int count) {
        List<Map.Entry<String, FollowCountDelta>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(Map.entry("u" + i, new FollowCountDelta(1, 0)));
        }
        return users;
    }

    @Test
    void end_fillsTheTransaction_besideTheBookkeepingItems() {
        assertThat(Chunk.end(users(10), 0, Map.of(), 6)).isEqualTo(4);
        assertThat(Chunk.end(users(10), 4, Map.of(), 6)).isEqualTo(8);
        assertThat(Chunk.end(users(10), 8, Map.of(), 6)).isEqualTo(10);
        assertThat(Chunk.end(users(3), 0, Map.of(), 100)).isEqualTo(3);
    }

    @Test
    void end_countsAParkedUserAsTwoItems() {
        Map<String, CounterWrite> writes = Map.of("u1", new CounterWrite.Park(), "u2", new CounterWrite.Park());

        // capacity 4: u0 (1) + u1 (2) = 3; u2 would make 5
        assertThat(Chunk.end(users(5), 0, writes, 6)).isEqualTo(2);
        // from u2: u2 (2) + u3 (1) + u4 (1) = 4
        assertThat(Chunk.end(users(5), 2, writes, 6)).isEqualTo(5);
        // a clamped write is one item, as an addition
        assertThat(Chunk.end(users(5), 0, Map.of("u0", new CounterWrite.Clamp(3L, null)), 6)).isEqualTo(4);
    }

    @Test
    void clamp_setsWhatWasReadPlusTheDelta_neverBelowZero() {
        CounterWrite.Clamp clamp = new CounterWrite.Clamp(2L, null);

        assertThat(clamp.followers(new FollowCountDelta(-5, 0))).isEqualTo(new Replacement(2L, 0));
        assertThat(clamp.followers(new FollowCountDelta(-1, 0))).isEqualTo(new Replacement(2L, 1));
        assertThat(clamp.followers(new FollowCountDelta(3, 0))).isEqualTo(new Replacement(2L, 5));
        // an absent count stands at 0 and must still be absent when the write lands
        assertThat(clamp.following(new FollowCountDelta(0, -1))).isEqualTo(new Replacement(null, 0));
        assertThat(clamp.following(new FollowCountDelta(0, 2))).isEqualTo(new Replacement(null, 2));
        // a count the delta leaves alone is not written
        assertThat(clamp.following(new FollowCountDelta(-5, 0))).isNull();
    }

    @Test
    void slots_describeTheItemsInOrder() {
        Chunk chunk = new Chunk();
        chunk.add(Chunk.Role.COUNTER, "ann", new FollowCountDelta(1, 0), null);
        chunk.add(Chunk.Role.PART, null);

        assertThat(chunk.slots()).extracting(Chunk.Slot::role).containsExactly(Chunk.Role.COUNTER, Chunk.Role.PART);
        assertThat(chunk.items()).hasSize(2);
    }
}
