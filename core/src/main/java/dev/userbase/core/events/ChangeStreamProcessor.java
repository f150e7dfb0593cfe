package dev.userbase.core.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.counters.PendingCountsMerger;
import dev.userbase.core.events.ChangeEventMapper.MappedChange;
import dev.userbase.core.expiry.ExpiryCleanup;
import dev.userbase.core.model.AuditEntry;
import dev.userbase.core.model.ItemKind;
import dev.userbase.core.model.Keys;
import dev.userbase.core.privacy.ErasureCascade;
import dev.userbase.core.streams.ChangeType;

/**
 * One batch of the change stream: for each record, in stream order, the side effects it calls for
 * (TTL cleanup; parked follow counts folded into a new profile; the next step of an erasure,
 * {@link ErasureCascade}), then the batch's audit entries,
 * then its events ({@link EventPublisher}). Returns the records that failed, for the partial batch
 * response; Lambda retries from the first of them, and idempotency keeps what was already published
 * from being published again.
 *
 * <p>A record that fails (unreadable, a side effect that failed, audit not written, an event not
 * published) also fails every later record of the same user in the batch, untouched, so no later
 * change of that user is published before it. Records of other users carry on.
 */
public final class ChangeStreamProcessor {

    private static final Logger LOG = LogManager.getLogger(ChangeStreamProcessor.class);

    private final ChangeEventMapper mapper;
    private final ExpiryCleanup cleanup;
    private final PendingCountsMerger merger;
    private final ErasureCascade erasure;
    private final AuditWriter audit;
    private final EventPublisher publisher;

    public ChangeStreamProcessor(ChangeEventMapper mapper, ExpiryCleanup cleanup, PendingCountsMerger merger,
            ErasureCascade erasure, AuditWriter audit, EventPublisher publisher) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.cleanup = Objects.requireNonNull(cleanup, "cleanup");
        this.merger = Objects.requireNonNull(merger, "merger");
        this.erasure = Objects.requireNonNull(erasure, "erasure");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    private record Plan(int index, String sequenceNumber, String user, MappedChange change) {
    }

    /**
     * Processes a batch.
     *
     * @param deadline when the invocation must answer
     * @return the sequence numbers of the records that failed, in stream order (empty: all done)
     */
    public List<String> process(List<StreamInput> inputs, Instant deadline) {
        Set<String> failed = new HashSet<>();
        Map<String, Integer> blockedFrom = new HashMap<>(); // user -> index of their first failed record
        List<Plan> plans = new ArrayList<>();

        for (int index = 0; index < inputs.size(); index++) {
            StreamInput input = inputs.get(index);
            String user = input.keyUser();
            if (user != null && blockedFrom.containsKey(user)) {
                failed.add(input.sequenceNumber());
                continue;
            }
            if (input.record() == null) {
                LOG.error("unreadable stream record {} ({}): reported failed, for the on-failure destination",
                        input.sequenceNumber(), input.problem());
                fail(index, input.sequenceNumber(), user, failed, blockedFrom);
                continue;
            }
            try {
                MappedChange change = mapper.map(input.record());
                if (input.record().isTtlExpiry() && cleanup.release(input.record()) == ExpiryCleanup.Outcome.NOT_EXPIRED) {
                    change = new MappedChange(change.orderingKey(), List.of(), List.of());
                }
                if (input.record().kind() == ItemKind.PROFILE && input.record().type() == ChangeType.INSERT) {
                    merger.merge(Keys.userIdOf(input.record().partitionKey()));
                }
                erasure.onRecord(input.record());
                plans.add(new Plan(index, input.sequenceNumber(), user, change));
            } catch (RuntimeException e) {
                LOG.error("stream record {} ({} {}) failed: {}", input.sequenceNumber(), input.record().type(),
                        input.record().kind(), e.toString(), e);
                fail(index, input.sequenceNumber(), user, failed, blockedFrom);
            }
        }

        List<AuditEntry> entries = new ArrayList<>();
        plans.forEach(plan -> entries.addAll(plan.change().audit()));
        Set<String> auditFailed = new HashSet<>();
        if (!entries.isEmpty()) {
            auditFailed.addAll(audit.write(entries));
            auditFailed.addAll(erasure.afterAudit(
                    entries.stream().filter(entry -> !auditFailed.contains(entry.eventId())).toList()));
        }

        List<DomainEvent> events = new ArrayList<>();
        List<Plan> publishing = new ArrayList<>();
        for (Plan plan : plans) {
            boolean auditMissing = plan.change().audit().stream().anyMatch(e -> auditFailed.contains(e.eventId()));
            Integer blockedAt = plan.user() == null ? null : blockedFrom.get(plan.user());
            if ((blockedAt != null && blockedAt < plan.index()) || auditMissing) {
                fail(plan.index(), plan.sequenceNumber(), plan.user(), failed, blockedFrom);
                continue;
            }
            publishing.add(plan);
            events.addAll(plan.change().events());
        }
        EventPublisher.Result result = events.isEmpty()
                ? new EventPublisher.Result(Set.of(), Set.of())
                : publisher.publish(events, deadline);
        for (Plan plan : publishing) {
            if (plan.change().events().stream().anyMatch(e -> result.failed().contains(e.eventId()))) {
                failed.add(plan.sequenceNumber());
            }
        }
        List<String> ordered = new ArrayList<>();
        inputs.forEach(input -> {
            if (failed.contains(input.sequenceNumber())) {
                ordered.add(input.sequenceNumber());
            }
        });
        return ordered;
    }

    private static void fail(int index, String sequenceNumber, String user, Set<String> failed,
            Map<String, Integer> blockedFrom) {
        failed.add(sequenceNumber);
        if (user != null) {
            blockedFrom.merge(user, index, Math::min);
        }
    }
}
