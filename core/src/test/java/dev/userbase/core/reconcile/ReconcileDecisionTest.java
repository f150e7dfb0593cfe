package dev.userbase.core.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.core.metrics.EmbeddedMetricLine;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.store.FollowCounts.Counts;

/**
 * The decision between a user's two observations (a pure function: one table of cases), and the
 * values around it: the checkpoint's item round trip, the settings, the metrics line.
 */
class ReconcileDecisionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant T1 = T0.plus(Duration.ofMinutes(5));

    private static CountObservation at(Instant when, long followers, long following, long writes, long edgeFollowers,
            long edgeFollowing) {
        return new CountObservation("u-1", new Counts(followers, following, writes), edgeFollowers, edgeFollowing, when);
    }

    record Case(String name, CountObservation first, Optional<CountObservation> second, boolean parked,
            ReconcileDecision expected) {

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        CountObservation drift = at(T0, 3, 1, 7, 5, 1);
        return List.of(
                new Case("counts agree at once", at(T0, 2, 1, 7, 2, 1), Optional.empty(), false, ReconcileDecision.AGREES),
                new Case("the pipeline caught up", drift, Optional.of(at(T1, 5, 1, 8, 5, 1)), false,
                        ReconcileDecision.AGREES),
                new Case("nothing moved: drift", drift, Optional.of(at(T1, 3, 1, 7, 5, 1)), false,
                        ReconcileDecision.CORRECT),
                new Case("a counter write that left the counts off", drift, Optional.of(at(T1, 3, 1, 8, 5, 1)), false,
                        ReconcileDecision.UNSETTLED),
                new Case("the counts moved", drift, Optional.of(at(T1, 4, 1, 7, 5, 1)), false,
                        ReconcileDecision.UNSETTLED),
                new Case("an edge was added", drift, Optional.of(at(T1, 3, 1, 7, 6, 1)), false,
                        ReconcileDecision.UNSETTLED),
                new Case("an edge of the other direction went", drift, Optional.of(at(T1, 3, 1, 7, 5, 0)), false,
                        ReconcileDecision.UNSETTLED),
                new Case("counts parked for the user", drift, Optional.of(at(T1, 3, 1, 7, 5, 1)), true,
                        ReconcileDecision.UNSETTLED),
                new Case("the profile went away", drift, Optional.empty(), false, ReconcileDecision.UNSETTLED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decide(Case c) {
        assertThat(ReconcileDecision.decide(c.first(), c.second(), c.parked())).isEqualTo(c.expected());
    }

    @Test
    void drift_isWhatTheCountsNeedToEqualTheEdges() {
        CountObservation o = at(T0, 3, 4, 0, 5, 1);
        assertThat(o.followerDrift()).isEqualTo(2);
        assertThat(o.followingDrift()).isEqualTo(-3);
        assertThat(o.absoluteDrift()).isEqualTo(5);
        assertThat(o.agrees()).isFalse();
    }

    @Test
    void checkpoint_roundTripsThroughItsItem_withPositionsAndCandidates() {
        ReconcileCheckpoint start = ReconcileCheckpoint.start(2, 4, T0);
        ReconcileCheckpoint moved = start
                .with(new ReconcileCheckpoint.Segment(0, Map.of("pk", Attributes.s("USER#u-9"), "sk",
                        Attributes.s("PROFILE")), false, List.of(at(T0, 3, 1, 7, 5, 1))),
                        new ReconcileReport(10, 9, 0, 0, 0, 0, 0, false), T1)
                .with(new ReconcileCheckpoint.Segment(1, Map.of(), true, List.of()),
                        new ReconcileReport(4, 2, 1, 3, 1, 0, 0, false), T1);

        ReconcileCheckpoint read = ReconcileCheckpoint.fromItem(moved.toItem());

        assertThat(read).isEqualTo(moved);
        assertThat(read.revision()).isEqualTo(4);
        assertThat(read.pending()).isEqualTo(1);
        assertThat(read.settled()).isFalse();
        assertThat(read.report()).isEqualTo(new ReconcileReport(14, 11, 1, 3, 1, 0, 1, false));
        assertThat(read.finish(T1).report().complete()).isTrue();
        assertThat(start.settled()).isFalse();
        assertThat(ReconcileCheckpoint.fromItem(start.toItem()).segments()).hasSize(2)
                .allSatisfy(s -> assertThat(s.lastKey()).isEmpty());
    }

    @Test
    void settings_fromTheEnvironment_withDefaults_andRefusingNonsense() {
        assertThat(ReconcileSettings.fromEnvironment(Map.of())).isEqualTo(ReconcileSettings.defaults());
        assertThat(ReconcileSettings.defaults().settle()).isEqualTo(Duration.ofMinutes(5));
        ReconcileSettings set = ReconcileSettings.fromEnvironment(Map.of(ReconcileSettings.SETTLE_SECONDS, "2",
                ReconcileSettings.TOTAL_SEGMENTS, " 8 "));
        assertThat(set.settle()).isEqualTo(Duration.ofSeconds(2));
        assertThat(set.totalSegments()).isEqualTo(8);
        assertThat(set.maxCandidatesPerSegment()).isEqualTo(125);
        assertThatThrownBy(() -> ReconcileSettings.fromEnvironment(Map.of(ReconcileSettings.TOTAL_SEGMENTS, "0")))
                .hasMessageContaining(ReconcileSettings.TOTAL_SEGMENTS);
        assertThatThrownBy(() -> ReconcileSettings.fromEnvironment(Map.of(ReconcileSettings.TOTAL_SEGMENTS, "33")))
                .hasMessageContaining("1 to 32");
        assertThatThrownBy(() -> ReconcileSettings.fromEnvironment(Map.of(ReconcileSettings.SETTLE_SECONDS, "soon")))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> ReconcileSettings.fromEnvironment(Map.of(ReconcileSettings.SETTLE_SECONDS, "-1")))
                .hasMessageContaining("negative");
    }

    @Test
    void metrics_oneEmbeddedMetricFormatLine_withTheDrift() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReconcileMetrics.embeddedMetricFormat(new EmbeddedMetricLine.Emitter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Clock.fixed(T0, ZoneOffset.UTC), "reconcile")).publish(new ReconcileReport(40, 36, 2, 5, 1, 1, 0, true));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).hasLineCount(1);
        JsonNode line = new ObjectMapper().readTree(out);
        assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(T0.toEpochMilli());
        assertThat(line.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Userbase");
        assertThat(line.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name")).containsExactly(
                ReconcileMetrics.FOLLOW_COUNT_DRIFT, ReconcileMetrics.USERS_CHECKED, ReconcileMetrics.USERS_CORRECTED,
                ReconcileMetrics.USERS_UNSETTLED, ReconcileMetrics.USERS_BUSY);
        assertThat(line.get("Service").asText()).isEqualTo("reconcile");
        assertThat(line.get(ReconcileMetrics.FOLLOW_COUNT_DRIFT).asLong()).isEqualTo(5);
        assertThat(line.get(ReconcileMetrics.USERS_CHECKED).asLong()).isEqualTo(40);
        assertThat(line.get(ReconcileMetrics.USERS_CORRECTED).asLong()).isEqualTo(2);
        assertThat(line.get(ReconcileMetrics.USERS_BUSY).asLong()).isEqualTo(1);
    }
}
