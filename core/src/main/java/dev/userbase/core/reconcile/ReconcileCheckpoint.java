package dev.userbase.core.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.Keys;
import dev.userbase.core.store.FollowCounts.Counts;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where a reconcile of all users stands: {@code JOB#reconcile} / {@code CHECKPOINT} in the users
 * table, written after every scan page and every second observation. It holds each segment's
 * position, the counts so far, and the users whose drift the scan saw with their first observation
 * (the candidates, oldest first), so a run stopped by its time budget resumes where it was.
 *
 * @param revision how many times the checkpoint was written: a write expects the revision it read,
 *     so two runs at once cannot both move it
 * @param finishedAt set once every segment was read and every candidate decided; the next run starts over
 */
public record ReconcileCheckpoint(int totalSegments, List<Segment> segments, ReconcileReport counts,
        List<CountObservation> candidates, long revision, Instant startedAt, Instant updatedAt, Instant finishedAt) {

    public static final String PK = "JOB#reconcile";
    public static final String SK = "CHECKPOINT";
    public static final String REVISION = "revision";

    /** One segment of the scan: where it stopped (empty: at its start), and whether it was read to its end. */
    public record Segment(int segment, Map<String, AttributeValue> lastKey, boolean done) {

        public Segment {
            lastKey = lastKey == null ? Map.of() : Map.copyOf(lastKey);
        }
    }

    public ReconcileCheckpoint {
        segments = List.copyOf(segments);
        candidates = List.copyOf(candidates);
    }

    public static Map<String, AttributeValue> key() {
        return Keys.key(PK, SK);
    }

    /** A new run over {@code totalSegments}, continuing the revisions of {@code revision}. */
    public static ReconcileCheckpoint start(int totalSegments, long revision, Instant now) {
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < totalSegments; i++) {
            segments.add(new Segment(i, Map.of(), false));
        }
        return new ReconcileCheckpoint(totalSegments, segments, ReconcileReport.empty(), List.of(), revision, now, now,
                null);
    }

    public boolean finished() {
        return finishedAt != null;
    }

    public boolean scanned() {
        return segments.stream().allMatch(Segment::done);
    }

    ReconcileCheckpoint with(List<Segment> newSegments, ReconcileReport newCounts, List<CountObservation> newCandidates,
            Instant now, boolean finish) {
        return new ReconcileCheckpoint(totalSegments, newSegments, newCounts, newCandidates, revision, startedAt, now,
                finish ? now : null);
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key());
        item.put("totalSegments", Attributes.n(totalSegments));
        item.put("segments", AttributeValue.fromL(segments.stream().map(s -> {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put("segment", Attributes.n(s.segment()));
            m.put("done", Attributes.bool(s.done()));
            if (!s.lastKey().isEmpty()) {
                m.put("lastKey", AttributeValue.fromM(s.lastKey()));
            }
            return AttributeValue.fromM(m);
        }).toList()));
        item.put("candidates", AttributeValue.fromL(candidates.stream().map(c -> AttributeValue.fromM(Map.of(
                "userId", Attributes.s(c.userId()),
                "followers", Attributes.n(c.counts().followers()),
                "following", Attributes.n(c.counts().following()),
                "countWrites", Attributes.n(c.counts().writes()),
                "edgeFollowers", Attributes.n(c.edgeFollowers()),
                "edgeFollowing", Attributes.n(c.edgeFollowing()),
                "observedAt", Attributes.time(c.observedAt())))).toList()));
        item.put("checked", Attributes.n(counts.checked()));
        item.put("agreed", Attributes.n(counts.agreed()));
        item.put("corrected", Attributes.n(counts.corrected()));
        item.put("absoluteDrift", Attributes.n(counts.absoluteDrift()));
        item.put("unsettled", Attributes.n(counts.unsettled()));
        item.put("busy", Attributes.n(counts.busy()));
        item.put(REVISION, Attributes.n(revision));
        Attributes.putIfPresent(item, "startedAt", startedAt);
        Attributes.putIfPresent(item, "updatedAt", updatedAt);
        Attributes.putIfPresent(item, "finishedAt", finishedAt);
        return item;
    }

    public static ReconcileCheckpoint fromItem(Map<String, AttributeValue> item) {
        List<Segment> segments = item.get("segments").l().stream().map(AttributeValue::m).map(m -> new Segment(
                (int) Attributes.number(m, "segment", 0),
                m.containsKey("lastKey") ? m.get("lastKey").m() : Map.of(),
                Boolean.TRUE.equals(m.get("done").bool()))).toList();
        List<CountObservation> candidates = item.get("candidates").l().stream().map(AttributeValue::m)
                .map(m -> new CountObservation(Attributes.requiredString(m, "userId"),
                        new Counts(Attributes.number(m, "followers", 0), Attributes.number(m, "following", 0),
                                Attributes.number(m, "countWrites", 0)),
                        Attributes.number(m, "edgeFollowers", 0), Attributes.number(m, "edgeFollowing", 0),
                        Attributes.instant(m, "observedAt"))).toList();
        ReconcileReport counts = new ReconcileReport(Attributes.number(item, "checked", 0),
                Attributes.number(item, "agreed", 0), Attributes.number(item, "corrected", 0),
                Attributes.number(item, "absoluteDrift", 0), Attributes.number(item, "unsettled", 0),
                Attributes.number(item, "busy", 0), candidates.size(), false);
        return new ReconcileCheckpoint((int) Attributes.number(item, "totalSegments", 1), segments, counts, candidates,
                Attributes.number(item, REVISION, 0), Attributes.instant(item, "startedAt"),
                Attributes.instant(item, "updatedAt"), Attributes.instant(item, "finishedAt"));
    }
}
