package dev.userbase.core.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.store.FollowCounts.Counts;
import dev.userbase.core.store.ReconcileCheckpoints;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where a reconcile of all users stands: {@code JOB#reconcile} / {@code CHECKPOINT} in the users
 * table (the backfill's {@code JOB#backfill#<pool>} pattern), written after every scan page and
 * every batch of decisions. It holds each segment's position, the users of that segment whose drift
 * the scan saw with their first observation (the candidates, oldest first), and the counts so far,
 * so a run stopped by its time budget or a crash resumes where it was.
 *
 * @param revision how many times the checkpoint was written: a write expects the revision it read,
 *     so two runs at once cannot both move it
 * @param finishedAt set once every segment was read and every candidate decided; the next run
 *     answers this run's report unless asked to restart
 */
public record ReconcileCheckpoint(int totalSegments, List<Segment> segments, ReconcileReport counts, long revision,
        Instant startedAt, Instant updatedAt, Instant finishedAt) {

    public static final String PK = ReconcileCheckpoints.PK;
    public static final String SK = ReconcileCheckpoints.SK;
    public static final String REVISION = ReconcileCheckpoints.REVISION;

    /**
     * One segment of the scan: where it stopped (empty: at its start), whether it was read to its
     * end, and its users awaiting their second observation.
     */
    public record Segment(int segment, Map<String, AttributeValue> lastKey, boolean done,
            List<CountObservation> candidates) {

        public Segment {
            lastKey = lastKey == null ? Map.of() : Map.copyOf(lastKey);
            candidates = List.copyOf(candidates);
        }

        /** Finished: read to its end and nothing left to decide. */
        public boolean settled() {
            return done && candidates.isEmpty();
        }
    }

    public ReconcileCheckpoint {
        segments = List.copyOf(segments);
        if (segments.size() != totalSegments) {
            throw new IllegalArgumentException(totalSegments + " segments expected, got " + segments.size());
        }
    }

    public static Map<String, AttributeValue> key() {
        return ReconcileCheckpoints.key();
    }

    /** A new run over {@code totalSegments}, continuing the revisions of {@code revision}. */
    public static ReconcileCheckpoint start(int totalSegments, long revision, Instant now) {
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < totalSegments; i++) {
            segments.add(new Segment(i, Map.of(), false, List.of()));
        }
        return new ReconcileCheckpoint(totalSegments, segments, ReconcileReport.empty(), revision, now, now, null);
    }

    public boolean finished() {
        return finishedAt != null;
    }

    /** Every segment read and every candidate decided. */
    public boolean settled() {
        return segments.stream().allMatch(Segment::settled);
    }

    public long pending() {
        return segments.stream().mapToLong(s -> s.candidates().size()).sum();
    }

    /** The report of the run so far. */
    public ReconcileReport report() {
        return counts.withPending(pending(), finished());
    }

    /** This checkpoint with {@code segment} replaced and {@code added} counted. */
    public ReconcileCheckpoint with(Segment segment, ReconcileReport added, Instant now) {
        List<Segment> next = new ArrayList<>(segments);
        next.set(segment.segment(), segment);
        return new ReconcileCheckpoint(totalSegments, next, counts.plus(added), revision, startedAt, now, finishedAt);
    }

    public ReconcileCheckpoint finish(Instant now) {
        return new ReconcileCheckpoint(totalSegments, segments, counts, revision, startedAt, now, now);
    }

    public ReconcileCheckpoint atRevision(long value) {
        return new ReconcileCheckpoint(totalSegments, segments, counts, value, startedAt, updatedAt, finishedAt);
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
            m.put("candidates", AttributeValue.fromL(s.candidates().stream()
                    .map(c -> AttributeValue.fromM(observationItem(c))).toList()));
            return AttributeValue.fromM(m);
        }).toList()));
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

    private static Map<String, AttributeValue> observationItem(CountObservation c) {
        return Map.of(
                "userId", Attributes.s(c.userId()),
                "followers", Attributes.n(c.counts().followers()),
                "following", Attributes.n(c.counts().following()),
                "countWrites", Attributes.n(c.counts().writes()),
                "edgeFollowers", Attributes.n(c.edgeFollowers()),
                "edgeFollowing", Attributes.n(c.edgeFollowing()),
                "observedAt", Attributes.time(c.observedAt()));
    }

    private static CountObservation observation(Map<String, AttributeValue> m) {
        return new CountObservation(Attributes.requiredString(m, "userId"),
                new Counts(Attributes.number(m, "followers", 0), Attributes.number(m, "following", 0),
                        Attributes.number(m, "countWrites", 0)),
                Attributes.number(m, "edgeFollowers", 0), Attributes.number(m, "edgeFollowing", 0),
                Attributes.instant(m, "observedAt"));
    }

    public static ReconcileCheckpoint fromItem(Map<String, AttributeValue> item) {
        List<Segment> segments = item.get("segments").l().stream().map(AttributeValue::m).map(m -> new Segment(
                (int) Attributes.number(m, "segment", 0),
                m.containsKey("lastKey") ? m.get("lastKey").m() : Map.of(),
                Boolean.TRUE.equals(m.get("done").bool()),
                m.containsKey("candidates")
                        ? m.get("candidates").l().stream().map(AttributeValue::m).map(ReconcileCheckpoint::observation).toList()
                        : List.of())).toList();
        ReconcileReport counts = new ReconcileReport(Attributes.number(item, "checked", 0),
                Attributes.number(item, "agreed", 0), Attributes.number(item, "corrected", 0),
                Attributes.number(item, "absoluteDrift", 0), Attributes.number(item, "unsettled", 0),
                Attributes.number(item, "busy", 0), 0, false);
        return new ReconcileCheckpoint((int) Attributes.number(item, "totalSegments", 1), segments, counts,
                Attributes.number(item, REVISION, 0), Attributes.instant(item, "startedAt"),
                Attributes.instant(item, "updatedAt"), Attributes.instant(item, "finishedAt"));
    }
}
