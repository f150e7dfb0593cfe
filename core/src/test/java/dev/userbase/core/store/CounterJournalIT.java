package dev.userbase.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.CounterCheckpoint;
import dev.userbase.core.model.CounterJournalPart;
import dev.userbase.core.model.FollowCountDelta;
import dev.userbase.core.storage.Cancellation;
import dev.userbase.core.testing.LocalTables;

/** The follow counter's checkpoint and journal parts as the engine applies their conditions. */
class CounterJournalIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private CounterJournal journal;
    private String shard;

    @BeforeEach
    void setUp() {
        journal = new CounterJournal(tables.users());
        shard = "shard-" + System.nanoTime();
    }

    private CounterJournalPart part(String through, int number, Map<String, FollowCountDelta> deltas) {
        return new CounterJournalPart(shard, CounterJournalPart.sortKey(through, number), new TreeMap<>(deltas), "");
    }

    private Optional<Cancellation> commit(CounterCheckpoint from, String through, CounterJournalPart... parts) {
        return tables.transactions().commit(journal.commitItems(from, through, List.of(parts), T0));
    }

    @Test
    void commit_writesTheParts_andMovesTheCheckpoint_onlyFromWhereItWasRead() {
        CounterCheckpoint none = journal.checkpoint(shard);
        assertThat(none).isEqualTo(CounterCheckpoint.none(shard));
        assertThat(none.exists()).isFalse();
        CounterJournalPart first = part("200", 0, Map.of("ann", new FollowCountDelta(1, 0), "bob", new FollowCountDelta(0, -1)));
        CounterJournalPart second = part("200", 1, Map.of("cat", new FollowCountDelta(2, 1)));

        assertThat(commit(none, "200", first, second)).isEmpty();

        CounterCheckpoint committed = journal.checkpoint(shard);
        assertThat(committed.appliedThrough()).isEqualTo("200");
        assertThat(committed.pendingParts()).containsExactly(first.sortKey(), second.sortKey());
        assertThat(journal.part(shard, first.sortKey())).contains(first);
        assertThat(journal.part(shard, second.sortKey())).contains(second);

        // the same window again (an attempt whose answer was lost), from the checkpoint it read: refused, nothing added
        Optional<Cancellation> again = commit(none, "200", part("200", 2, Map.of("dan", new FollowCountDelta(1, 0))));
        assertThat(again).hasValueSatisfying(c -> {
            assertThat(c.onlyConditionsFailed()).isTrue();
            assertThat(c.conditionFailedAt(1)).as("the checkpoint's condition").isTrue();
        });
        assertThat(journal.part(shard, CounterJournalPart.sortKey("200", 2))).isEmpty();

        // a part that exists already is never overwritten
        assertThat(commit(committed, "300", first)).hasValueSatisfying(c -> assertThat(c.conditionFailedAt(0)).isTrue());
        assertThat(journal.checkpoint(shard).appliedThrough()).isEqualTo("200");

        // the next window, from the checkpoint as it stands
        CounterJournalPart next = part("300", 0, Map.of("ann", new FollowCountDelta(-1, 0)));
        assertThat(commit(committed, "300", next)).isEmpty();
        assertThat(journal.checkpoint(shard).pendingParts()).containsExactly(first.sortKey(), second.sortKey(), next.sortKey());
    }

    @Test
    void cursor_movesOnlyFromTheCursorRead_andThePartGoesWithItsLastChunk() {
        CounterJournalPart written = part("200", 0, Map.of("ann", new FollowCountDelta(1, 0), "bob", new FollowCountDelta(1, 0),
                "cat", new FollowCountDelta(1, 0)));
        assertThat(commit(journal.checkpoint(shard), "200", written)).isEmpty();

        assertThat(tables.transactions().commit(List.of(journal.moveCursor(shard, written.sortKey(), "", "ann")))).isEmpty();
        CounterJournalPart moved = journal.part(shard, written.sortKey()).orElseThrow();
        assertThat(moved.cursor()).isEqualTo("ann");
        assertThat(moved.remaining()).containsOnlyKeys("bob", "cat");

        // an attempt that read the part before the move is refused
        assertThat(tables.transactions().commit(List.of(journal.moveCursor(shard, written.sortKey(), "", "ann"))))
                .hasValueSatisfying(c -> assertThat(c.conditionFailedAt(0)).isTrue());
        assertThat(tables.transactions().commit(List.of(journal.finishPart(shard, written.sortKey(), ""),
                journal.releasePart(shard, written.sortKey(), true, T0))))
                .hasValueSatisfying(c -> assertThat(c.conditionFailedAt(0)).isTrue());
        assertThat(journal.part(shard, written.sortKey())).isPresent();
        assertThat(journal.checkpoint(shard).pendingParts()).containsExactly(written.sortKey());

        assertThat(tables.transactions().commit(List.of(journal.finishPart(shard, written.sortKey(), "ann"),
                journal.releasePart(shard, written.sortKey(), true, T0)))).isEmpty();
        assertThat(journal.part(shard, written.sortKey())).isEmpty();
        CounterCheckpoint done = journal.checkpoint(shard);
        assertThat(done.pendingParts()).isEmpty();
        assertThat(done.appliedThrough()).isEqualTo("200");
        assertThat(expiresAt()).contains(T0.plus(CounterCheckpoint.RETENTION).getEpochSecond());
    }

    @Test
    void release_ofAPartNotTheLast_keepsTheCheckpointWithoutTtl_andForgetWorksAlone() {
        CounterJournalPart first = part("200", 0, Map.of("ann", new FollowCountDelta(1, 0)));
        CounterJournalPart second = part("200", 1, Map.of("bob", new FollowCountDelta(1, 0)));
        assertThat(commit(journal.checkpoint(shard), "200", first, second)).isEmpty();

        journal.forgetPart(shard, first.sortKey(), false, T0);
        assertThat(journal.checkpoint(shard).pendingParts()).containsExactly(second.sortKey());
        assertThat(expiresAt()).isEmpty();

        journal.forgetPart(shard, second.sortKey(), true, T0);
        journal.forgetPart(shard, second.sortKey(), true, T0); // forgetting twice changes nothing
        assertThat(journal.checkpoint(shard).pendingParts()).isEmpty();
        assertThat(expiresAt()).contains(T0.plus(CounterCheckpoint.RETENTION).getEpochSecond());

        // a later window's commit takes the TTL away again while its parts are pending
        CounterCheckpoint at200 = journal.checkpoint(shard);
        assertThat(commit(at200, "300", part("300", 0, Map.of("ann", new FollowCountDelta(-1, 0))))).isEmpty();
        assertThat(expiresAt()).isEmpty();
        assertThat(journal.checkpoint(shard)).isEqualTo(
                new CounterCheckpoint(shard, "300", Set.of(CounterJournalPart.sortKey("300", 0))));
    }

    private Optional<Long> expiresAt() {
        return tables.users().get(CounterCheckpoint.key(shard))
                .flatMap(item -> Attributes.optionalNumber(item, CounterCheckpoint.EXPIRES_AT));
    }
}
