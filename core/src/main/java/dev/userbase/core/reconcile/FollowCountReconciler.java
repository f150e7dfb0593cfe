package dev.userbase.core.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.model.PendingFollowCounts;
import dev.userbase.core.reconcile.ReconcileCheckpoint.Segment;
import dev.userbase.core.storage.Projection;
import dev.userbase.core.storage.Sleeper;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.FollowCounts;
import dev.userbase.core.store.FollowCounts.Counts;
import dev.userbase.core.store.FollowCounts.ProfilePage;
import dev.userbase.core.store.FollowCounts.ScannedProfile;
import dev.userbase.core.store.ReconcileCheckpoints;
import dev.userbase.core.table.UsersTable;

/**
 * Recomputes {@code followerCount} and {@code followingCount} from the follow edges and corrects
 * drift without racing the follow-counter pipeline (docs/ARCHITECTURE.md, "Reconcile").
 *
 * <p>A user is observed twice, at least {@link ReconcileSettings#settle()} apart: the profile's
 * counts {@code C} and counter writes {@code W}, then the edges {@code E} counted in both
 * directions. A correction is made only if {@code C}, {@code W} and {@code E} are the same in both
 * observations and {@code C != E}; it adds {@code E - C} and 1 to {@code W} on condition that
 * {@code W} still stands where it was observed, so a counter write applied after the second
 * observation makes it fail (the user is reported busy and looked at again by the next run).
 *
 * <p>All users: a segmented scan of the profiles, one thread per segment. Users whose counts agree
 * at the first observation are done; the others wait in their segment's list of candidates (in the
 * checkpoint) until their settle time has passed, so the waits of many users overlap and a run of
 * any size costs one settle time, not one per user. The checkpoint is written after every page and
 * every batch of decisions; a run stopped by its time budget or a crash resumes from it.
 */
public final class FollowCountReconciler {

    private static final Logger LOG = LogManager.getLogger(FollowCountReconciler.class);

    private final Table users;
    private final FollowCounts counts;
    private final ReconcileCheckpoints checkpoints;
    private final ReconcileSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ReconcileMetrics metrics;

    public FollowCountReconciler(Table users, ReconcileSettings settings, Clock clock, Sleeper sleeper,
            ReconcileMetrics metrics) {
        this.users = Objects.requireNonNull(users, "users");
        this.counts = new FollowCounts(users);
        this.checkpoints = new ReconcileCheckpoints(users);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The job as deployed: the users table through {@code clients}, real sleeps. */
    public static FollowCountReconciler create(AwsClients clients, ReconcileSettings settings, Clock clock,
            ReconcileMetrics metrics) {
        return new FollowCountReconciler(new Table(clients.dynamoDb(), clients.config().usersTable()), settings, clock,
                Sleeper.real(), metrics);
    }

    // ---- one user ----------------------------------------------------------------------------------

    /**
     * Observes {@code userId}, waits the settle time if the counts disagree with the edges, observes
     * again and corrects what is proven to be drift. No checkpoint is involved.
     *
     * @throws NotFoundException the user has no profile, or the account is deleted
     */
    public ReconcileReport reconcileUser(String userId) {
        Counts stored = counts.read(userId).orElseThrow(() -> new NotFoundException("no profile for user " + userId));
        CountObservation first = observe(userId, stored);
        ReconcileReport report = ReconcileReport.oneChecked();
        if (first.agrees()) {
            report = report.plus(ReconcileReport.oneAgreed());
        } else {
            pause(settings.settle());
            report = report.plus(decide(first));
        }
        report = report.withPending(0, true);
        metrics.publish(report);
        return report;
    }

    // ---- all users ---------------------------------------------------------------------------------

    /**
     * Reconciles every profile, resuming the run the checkpoint holds. A finished run is answered
     * as it was, unless {@code restart}, which also abandons an unfinished one.
     *
     * @param remaining how long this invocation may still work: no page is started and no wait for
     *     a settle time begun that would not end within it (the handler's time budget; the CLI's is unlimited)
     */
    public ReconcileReport reconcileAll(boolean restart, Supplier<Duration> remaining) {
        Optional<ReconcileCheckpoint> saved = checkpoints.find().map(ReconcileCheckpoint::fromItem);
        if (saved.isPresent() && saved.get().finished() && !restart) {
            LOG.info("reconcile: the last run finished at {}; restart to run again", saved.get().finishedAt());
            return saved.get().report();
        }
        ReconcileCheckpoint checkpoint;
        if (saved.isEmpty() || restart || saved.get().finished()) {
            checkpoint = ReconcileCheckpoint.start(settings.totalSegments(), saved.map(ReconcileCheckpoint::revision)
                    .orElse(0L), clock.instant());
            LOG.info("reconcile of all users starts over {} segments", settings.totalSegments());
        } else {
            checkpoint = saved.get();
            LOG.info("reconcile resumes: {} users checked, {} awaiting their second observation",
                    checkpoint.counts().checked(), checkpoint.pending());
        }
        Run run = new Run(checkpoint, remaining);
        ReconcileCheckpoint end = run.execute();
        if (end.settled()) {
            end = run.finish();
        }
        ReconcileReport report = end.report();
        metrics.publish(run.invocation().withPending(report.pending(), report.complete()));
        LOG.info("reconcile {}: {}", report.complete() ? "finished" : "stopped; invoke again to resume", report);
        return report;
    }

    /** One invocation over all segments: one thread a segment, every change to the checkpoint under its lock. */
    private final class Run {

        private final Supplier<Duration> remaining;
        private final AtomicBoolean failed = new AtomicBoolean();
        private ReconcileCheckpoint checkpoint;
        private ReconcileReport invocation = ReconcileReport.empty();

        Run(ReconcileCheckpoint checkpoint, Supplier<Duration> remaining) {
            this.checkpoint = checkpoint;
            this.remaining = Objects.requireNonNull(remaining, "remaining");
        }

        ReconcileCheckpoint execute() {
            int total = checkpoint.totalSegments();
            ExecutorService threads = Executors.newFixedThreadPool(total, runnable -> {
                Thread thread = new Thread(runnable, "reconcile-segment");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int s = 0; s < total; s++) {
                    int segment = s;
                    futures.add(threads.submit(() -> {
                        try {
                            work(segment);
                        } catch (RuntimeException e) {
                            failed.set(true);
                            throw e;
                        }
                    }));
                }
                RuntimeException failure = null;
                for (Future<?> future : futures) {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        RuntimeException cause = e.getCause() instanceof RuntimeException r
                                ? r : new IllegalStateException(e.getCause());
                        if (failure == null) {
                            failure = cause;
                        } else {
                            failure.addSuppressed(cause);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while reconciling", e);
                    }
                }
                if (failure != null) {
                    throw failure;
                }
                return current();
            } finally {
                threads.shutdownNow();
            }
        }

        /** Scans segment {@code s}, deciding its candidates as they come due, until it is settled or time is up. */
        private void work(int s) {
            while (!failed.get()) {
                Segment segment = current().segments().get(s);
                Instant now = clock.instant();
                List<CountObservation> due = segment.candidates().stream()
                        .filter(c -> !now.isBefore(dueAt(c))).toList();
                if (!due.isEmpty()) {
                    ReconcileReport decided = ReconcileReport.empty();
                    for (CountObservation candidate : due) {
                        decided = decided.plus(decide(candidate));
                    }
                    List<CountObservation> left = new ArrayList<>(segment.candidates());
                    left.removeAll(due);
                    record(new Segment(s, segment.lastKey(), segment.done(), left), decided);
                    continue;
                }
                if (!segment.done() && segment.candidates().size() < settings.maxCandidatesPerSegment()) {
                    Duration left = remaining.get();
                    if (left.isNegative() || left.isZero()) {
                        return;
                    }
                    scanPage(s, segment);
                    continue;
                }
                if (segment.candidates().isEmpty()) {
                    return; // read to its end, everything decided
                }
                Duration wait = Duration.between(now, dueAt(segment.candidates().get(0)));
                if (wait.compareTo(remaining.get()) >= 0) {
                    return; // the next invocation decides them
                }
                pause(wait);
            }
        }

        private void scanPage(int s, Segment segment) {
            ProfilePage page = counts.scanProfiles(s, checkpoint.totalSegments(), segment.lastKey(), settings.pageSize());
            List<CountObservation> candidates = new ArrayList<>(segment.candidates());
            ReconcileReport seen = ReconcileReport.empty();
            for (ScannedProfile profile : page.profiles()) {
                CountObservation first = observe(profile.userId(), profile.counts());
                seen = seen.plus(ReconcileReport.oneChecked());
                if (first.agrees()) {
                    seen = seen.plus(ReconcileReport.oneAgreed());
                } else {
                    candidates.add(first);
                }
            }
            record(new Segment(s, page.lastEvaluatedKey(), page.lastEvaluatedKey().isEmpty(), candidates), seen);
        }

        private synchronized ReconcileCheckpoint current() {
            return checkpoint;
        }

        synchronized ReconcileReport invocation() {
            return invocation;
        }

        private synchronized void record(Segment segment, ReconcileReport added) {
            checkpoint = save(checkpoint.with(segment, added, clock.instant()));
            invocation = invocation.plus(added);
        }

        synchronized ReconcileCheckpoint finish() {
            checkpoint = save(checkpoint.finish(clock.instant()));
            return checkpoint;
        }
    }

    /** {@code checkpoint} written at its next revision, if the stored one is still at its revision. */
    private ReconcileCheckpoint save(ReconcileCheckpoint checkpoint) {
        ReconcileCheckpoint next = checkpoint.atRevision(checkpoint.revision() + 1);
        checkpoints.save(next.toItem(), checkpoint.revision());
        return next;
    }

    // ---- the two observations and the decision -----------------------------------------------------

    private Instant dueAt(CountObservation first) {
        return first.observedAt().plus(settings.settle());
    }

    /** The edges counted now beside {@code stored}, the profile's counts as just read. */
    private CountObservation observe(String userId, Counts stored) {
        long following = counts.followingEdges(userId);
        long followers = counts.followerEdges(userId);
        return new CountObservation(userId, stored, followers, following, clock.instant());
    }

    /** The second observation of a user whose first disagreed, and what follows from it. */
    private ReconcileReport decide(CountObservation first) {
        Optional<CountObservation> second = counts.read(first.userId()).map(c -> observe(first.userId(), c));
        boolean parked = second.isPresent() && !second.get().agrees() && hasParkedCounts(first.userId());
        ReconcileDecision decision = ReconcileDecision.decide(first, second, parked);
        switch (decision) {
            case AGREES:
                return ReconcileReport.oneAgreed();
            case UNSETTLED:
                LOG.info("reconcile: follow counts of {} moved or are parked; left for the next run", first.userId());
                return ReconcileReport.oneUnsettled();
            case CORRECT:
            default:
                break;
        }
        CountObservation proven = second.orElseThrow();
        FollowCounts.Correction correction = counts.correct(proven.userId(), proven.followerDrift(),
                proven.followingDrift(), proven.counts().writes());
        return switch (correction) {
            case APPLIED -> {
                LOG.warn("reconcile: follow counts of {} drifted: followers {} -> {}, following {} -> {}; corrected",
                        proven.userId(), proven.counts().followers(), proven.edgeFollowers(),
                        proven.counts().following(), proven.edgeFollowing());
                yield ReconcileReport.oneCorrected(proven.absoluteDrift());
            }
            case BUSY -> {
                LOG.info("reconcile: a counter write reached {} during the correction; left for the next run",
                        proven.userId());
                yield ReconcileReport.oneBusy();
            }
            case NO_PROFILE -> ReconcileReport.oneUnsettled();
        };
    }

    /** Counts parked for the user ({@link PendingFollowCounts}) that the change stream has yet to fold in. */
    private boolean hasParkedCounts(String userId) {
        return users.get(PendingFollowCounts.key(userId), Projection.of(UsersTable.PK)).isPresent();
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for follow counts to settle", e);
        }
    }
}
