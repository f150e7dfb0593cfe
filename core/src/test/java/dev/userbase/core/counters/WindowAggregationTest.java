package dev.userbase.core.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.userbase.core.model.CounterCheckpoint;
import dev.userbase.core.model.FollowCountDelta;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.streams.ChangeRecord;
import dev.userbase.core.streams.ChangeType;

/** Step (2) of a window: which records count, once, and from which state. */
class WindowAggregationTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final CounterStats stats = new CounterStats();
    private final WindowAggregation aggregation = new WindowAggregation(stats);

    private static ChangeRecord follow(ChangeType type, String sequence, String follower, String followee) {
        return new ChangeRecord("e-" + sequence, type, sequence, T0, FollowEdge.key(follower, followee), null, null,
                null, null, "arn");
    }

    private static CounterCheckpoint at(String appliedThrough) {
        return new CounterCheckpoint("shard-1", appliedThrough, Set.of());
    }

    @Test
    void aggregate_countsInsertsAndRemoves_onBothSidesOfTheEdge() {
        CounterWindowState window = CounterWindowState.startingAfter(null);

        aggregation.aggregate(window, at(null), List.of(
                follow(ChangeType.INSERT, "101", "ann", "bob"),
                follow(ChangeType.INSERT, "102", "cat", "bob"),
                follow(ChangeType.REMOVE, "103", "ann", "bob")));

        assertThat(window.nonZeroDeltas()).containsExactly(
                Map.entry("bob", new FollowCountDelta(1, 0)),
                Map.entry("cat", new FollowCountDelta(0, 1)));
        assertThat(window.max()).isEqualTo("103");
        assertThat(stats.followRecords()).isEqualTo(3);
        assertThat(stats.skippedRecords()).isZero();
    }

    @Test
    void aggregate_skipsRecordsRedeliveredWithinTheWindow_andThoseTheCheckpointCovers() {
        // the checkpoint alone keeps committed records out, even from a state that was not resumed from it
        CounterWindowState window = CounterWindowState.startingAfter(null);

        aggregation.aggregate(window, at("100"), List.of(
                follow(ChangeType.INSERT, "99", "dan", "bob"),   // committed by an earlier window
                follow(ChangeType.INSERT, "100", "eve", "bob"),  // the checkpoint's own record
                follow(ChangeType.INSERT, "101", "ann", "bob"),
                follow(ChangeType.INSERT, "101", "ann", "bob"),  // Lambda redelivered the batch
                follow(ChangeType.INSERT, "102", "fay", "bob")));

        assertThat(window.nonZeroDeltas()).containsEntry("bob", new FollowCountDelta(2, 0))
                .containsOnlyKeys("bob", "ann", "fay");
        assertThat(stats.followRecords()).isEqualTo(2);
        assertThat(stats.skippedRecords()).isEqualTo(3);
    }

    @Test
    void aggregate_ignoresModifiesAndOtherItems() {
        CounterWindowState window = CounterWindowState.startingAfter(null);

        aggregation.aggregate(window, at(null), List.of(
                follow(ChangeType.MODIFY, "101", "ann", "bob"),
                new ChangeRecord("e-102", ChangeType.INSERT, "102", T0, UserProfile.key("ann"), null, null, null, null,
                        "arn")));

        assertThat(window.nonZeroDeltas()).isEmpty();
        assertThat(window.max()).isNull();
        assertThat(stats.skippedRecords()).isEqualTo(2);
        assertThat(stats.followRecords()).isZero();
    }

    @Test
    void resume_aStateTheCheckpointCovers_startsOverAfterTheCheckpoint() {
        CounterWindowState committed = CounterWindowState.startingAfter("100");
        committed.add("bob", 1, 0);
        committed.advanceTo("105");

        CounterWindowState resumed = WindowAggregation.resume(committed, at("105"));

        assertThat(resumed.nonZeroDeltas()).isEmpty();
        assertThat(resumed.base()).isEqualTo("105");
        assertThat(resumed.max()).isEqualTo("105");
    }

    @Test
    void resume_anEmptyState_startsAfterTheCheckpoint_andAStateBeyondIt_isKept() {
        assertThat(WindowAggregation.resume(CounterWindowState.startingAfter(null), at("100")).base()).isEqualTo("100");

        CounterWindowState running = CounterWindowState.startingAfter("100");
        running.add("bob", 1, 0);
        running.advanceTo("103");
        assertThat(WindowAggregation.resume(running, at("100"))).isSameAs(running);
        assertThat(WindowAggregation.resume(running, at(null))).isSameAs(running);
    }

    @Test
    void resume_aStateStraddlingTheCheckpoint_isRefused() {
        CounterWindowState running = CounterWindowState.startingAfter("100");
        running.add("bob", 1, 0);
        running.advanceTo("110");

        assertThatThrownBy(() -> WindowAggregation.resume(running, at("105")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("more than one consumer");
    }
}
