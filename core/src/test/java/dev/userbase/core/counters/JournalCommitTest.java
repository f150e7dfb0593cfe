package dev.userbase.core.counters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.userbase.core.model.CounterJournalPart;
import dev.userbase.core.model.FollowCountDelta;

/** How a window's deltas are cut into journal parts. */
class JournalCommitTest {

    private static TreeMap<String, FollowCountDelta> deltas(String... users) {
        TreeMap<String, FollowCountDelta> deltas = new TreeMap<>();
        for (int i = 0; i < users.length; i++) {
            deltas.put(users[i], new FollowCountDelta(i + 1, -i));
        }
        return deltas;
    }

    @Test
    void split_cutsPartsAtTheBudget_inUserOrder_numberedFromZero() {
        // each entry costs its id (4 characters) plus the overhead: two fit in a part, a third does not
        long entry = 4 + JournalCommit.ENTRY_OVERHEAD_BYTES;
        List<CounterJournalPart> parts = JournalCommit.split("shard-1", "500",
                deltas("u-05", "u-01", "u-04", "u-02", "u-03"), 2 * entry);

        assertThat(parts).extracting(CounterJournalPart::sortKey)
                .containsExactly("JOURNAL#500#0000", "JOURNAL#500#0001", "JOURNAL#500#0002");
        assertThat(parts).extracting(part -> List.copyOf(part.deltas().keySet()))
                .containsExactly(List.of("u-01", "u-02"), List.of("u-03", "u-04"), List.of("u-05"));
        assertThat(parts.get(0).deltas().get("u-01")).isEqualTo(new FollowCountDelta(2, -1));
        assertThat(parts).allSatisfy(part -> {
            assertThat(part.cursor()).isEmpty();
            assertThat(part.shardId()).isEqualTo("shard-1");
        });
    }

    @Test
    void split_putsAUserLargerThanTheBudget_inAPartOfItsOwn_andFitsAllInOneWhenSmall() {
        List<CounterJournalPart> tiny = JournalCommit.split("s", "9", deltas("a-long-user-id", "b"), 1);
        assertThat(tiny).extracting(part -> part.deltas().size()).containsExactly(1, 1);

        List<CounterJournalPart> one = JournalCommit.split("s", "9", deltas("a", "b", "c"), 300_000);
        assertThat(one).singleElement().satisfies(part -> assertThat(part.deltas()).hasSize(3));
    }
}
