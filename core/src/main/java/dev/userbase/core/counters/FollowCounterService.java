package dev.userbase.core.counters;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.CounterCheckpoint;
import dev.userbase.core.model.CounterJournalPart;
import dev.userbase.core.model.FollowCountDelta;
import dev.userbase.core.model.ItemKind;
import dev.userbase.core.model.Keys;
import dev.userbase.core.model.PendingFollowCounts;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.repo.Transactions;
import dev.userbase.core.streams.ChangeRecord;
import dev.userbase.core.streams.ChangeType;
import dev.userbase.core.streams.SequenceNumbers;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Keeps {@code followerCount} / {@code followingCount} on profiles equal to the follow edges, exactly
 * once per edge INSERT or REMOVE, for the follow-counter event source mapping (tumbling window).
 *
 * <p>Each invocation of a window: (1) reads the shard's {@link CounterCheckpoint} and first applies
 * any journal part a failed invocation left behind; (2) adds the window's new records to the
 * running {@link CounterWindowState}, skipping any record at or below the checkpoint or already in
 * the state (Lambda redelivers); (3) at the window's end (or when the state nears its size budget)
 * commits the deltas: one transaction writes them as {@link CounterJournalPart}s and advances the
 * checkpoint, then each part is applied to the profiles in chunks of one transaction each, moving
 * the part's cursor with its counters. A crash at any point leaves either nothing done or a
 * journal that the retry (or the next invocation on the shard) finishes, so each edge counts once.
 *
 * <p>Every counter write adds 1 to the profile's {@link UserProfile#COUNT_WRITES}, so the reconcile job
 * can tell that none was applied between its observations. Counter writes never touch {@code version},
 * {@code updatedAt} or the change stamp, never create
 * a profile (a missing profile's delta is parked in {@link PendingFollowCounts}), and never make a
 * count negative (a delta that would is clamped at zero and logged: it means edges were written
 * before counting began or records were lost).
 */
public final class FollowCounterService {

    private static final Logger LOG = LogManager.getLogger(FollowCounterService.class);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final FollowCounterSettings settings;
    private final CounterStats stats;

    public FollowCounterService(DynamoDbClient dynamoDb, String table, Clock clock,
            FollowCounterSettings settings, CounterStats stats) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    public static FollowCounterService create(AwsClients clients, Clock clock) {
        return new FollowCounterService(clients.dynamoDb(), clients.config().usersTable(), clock,
                FollowCounterSettings.defaults(), new CounterStats());
    }

    public CounterStats stats() {
        return stats;
    }

    /**
     * One invocation of a tumbling window on {@code shardId}.
     *
     * @param records the invocation's records, in stream order (others than follow edges are ignored)
     * @param state the state Lambda passed in (empty for a window's first invocation)
     * @param windowEnds the final invocation of the window, or a window Lambda ended early
     * @return the state to hand back to Lambda
     */
    public Map<String, String> process(String shardId, List<ChangeRecord> records, Map<String, String> state,
            boolean windowEnds) {
        Objects.requireNonNull(shardId, "shardId: the follow-counter mapping needs a tumbling window");
        CounterCheckpoint checkpoint = readCheckpoint(shardId);
        if (!checkpoint.pendingParts().isEmpty()) {
            applyPending(checkpoint);
            checkpoint = readCheckpoint(shardId);
        }
        CounterWindowState window = reconcile(CounterWindowState.decode(state), checkpoint);
        for (ChangeRecord record : records) {
            aggregate(window, checkpoint, record);
        }
        if (windowEnds || window.estimatedBytes() > settings.stateBudgetBytes()) {
            commit(shardId, checkpoint, window);
            window = CounterWindowState.startingAfter(window.max());
        }
        return window.encode();
    }

    /** Applies every journal part left pending on a shard (recovery; also done by {@link #process}). */
    public void drain(String shardId) {
        CounterCheckpoint checkpoint = readCheckpoint(shardId);
        if (!checkpoint.pendingParts().isEmpty()) {
            applyPending(checkpoint);
        }
    }

    /**
     * A state whose records are all at or below the checkpoint was already committed (an invocation
     * committed it and then failed, and Lambda passed the older state again): start over after the
     * checkpoint. A state straddling the checkpoint cannot come from one consumer per shard.
     */
    private static CounterWindowState reconcile(CounterWindowState window, CounterCheckpoint checkpoint) {
        String applied = checkpoint.appliedThrough();
        if (applied == null || window.max() == null) {
            return window.max() == null ? CounterWindowState.startingAfter(applied) : window;
        }
        if (SequenceNumbers.atOrBefore(window.max(), applied)) {
            return CounterWindowState.startingAfter(applied);
        }
        // a window starts from the checkpoint it read; only a commit from elsewhere can move it past the base
        if (window.base() == null || !SequenceNumbers.atOrBefore(applied, window.base())) {
            throw new IllegalStateException("window state (" + window.base() + ", " + window.max()
                    + "] overlaps the checkpoint " + applied + ": is more than one consumer reading the shard?");
        }
        return window;
    }

    private void aggregate(CounterWindowState window, CounterCheckpoint checkpoint, ChangeRecord record) {
        if (record.kind() != ItemKind.FOLLOW_EDGE || record.type() == ChangeType.MODIFY) {
            stats.recordSkipped();
            return;
        }
        String sequence = record.sequenceNumber();
        if (window.covers(sequence) || SequenceNumbers.atOrBefore(sequence, checkpoint.appliedThrough())) {
            stats.recordSkipped();
            return;
        }
        String follower = Keys.userIdOf(record.partitionKey());
        String followee = record.sortKey().substring(Keys.FOLLOWS_PREFIX.length());
        long delta = record.type() == ChangeType.INSERT ? 1 : -1;
        window.add(followee, delta, 0);
        window.add(follower, 0, delta);
        window.advanceTo(sequence);
        stats.recordCounted();
    }

    // ---- commit: journal + checkpoint in one transaction -------------------------------------------

    private void commit(String shardId, CounterCheckpoint checkpoint, CounterWindowState window) {
        SortedMap<String, FollowCountDelta> deltas = window.nonZeroDeltas();
        if (deltas.isEmpty() || window.max() == null
                || SequenceNumbers.atOrBefore(window.max(), checkpoint.appliedThrough())) {
            return; // nothing changes a count: re-aggregating these records later yields nothing either
        }
        String through = window.max();
        List<CounterJournalPart> parts = split(shardId, through, deltas);
        Instant now = clock.instant();
        List<TransactWriteItem> items = new ArrayList<>();
        for (CounterJournalPart part : parts) {
            items.add(TransactWriteItem.builder().put(Put.builder()
                    .tableName(table)
                    .item(part.toItem(now))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", UsersTable.PK))
                    .build()).build());
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":through", AttributeValue.fromS(through));
        values.put(":now", Attributes.time(now));
        values.put(":parts", AttributeValue.fromSs(parts.stream().map(CounterJournalPart::sortKey).toList()));
        String condition;
        if (checkpoint.appliedThrough() == null) {
            condition = "attribute_not_exists(#applied)";
        } else {
            condition = "#applied = :previous";
            values.put(":previous", AttributeValue.fromS(checkpoint.appliedThrough()));
        }
        items.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(CounterCheckpoint.key(shardId))
                .updateExpression("SET #applied = :through, #updatedAt = :now ADD #pending :parts REMOVE #expiresAt")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of(
                        "#applied", CounterCheckpoint.APPLIED_THROUGH,
                        "#updatedAt", CounterCheckpoint.UPDATED_AT,
                        "#pending", CounterCheckpoint.PENDING_PARTS,
                        "#expiresAt", CounterCheckpoint.EXPIRES_AT))
                .expressionAttributeValues(values)
                .build()).build());
        try {
            dynamoDb.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(items).build());
            stats.transaction(0, items.size());
        } catch (TransactionCanceledException e) {
            // An earlier attempt may have committed (its response lost, the SDK retried): then the
            // checkpoint already stands at this window's end and its parts are pending.
            CounterCheckpoint now2 = readCheckpoint(shardId);
            if (now2.appliedThrough() == null || !SequenceNumbers.atOrBefore(through, now2.appliedThrough())) {
                throw new IllegalStateException("could not commit follow counts through " + through
                        + " on " + shardId + ": " + reasons(e), e);
            }
        }
        LOG.debug("committed follow counts of {} users through {} on {} in {} part(s)",
                deltas.size(), through, shardId, parts.size());
        applyPending(readCheckpoint(shardId));
    }

    private List<CounterJournalPart> split(String shardId, String through, SortedMap<String, FollowCountDelta> deltas) {
        List<CounterJournalPart> parts = new ArrayList<>();
        TreeMap<String, FollowCountDelta> current = new TreeMap<>();
        long bytes = 0;
        for (Map.Entry<String, FollowCountDelta> entry : deltas.entrySet()) {
            long size = entry.getKey().length() + 24L;
            if (!current.isEmpty() && bytes + size > settings.journalPartBytes()) {
                parts.add(new CounterJournalPart(shardId, CounterJournalPart.sortKey(through, parts.size()), current, ""));
                current = new TreeMap<>();
                bytes = 0;
            }
            current.put(entry.getKey(), entry.getValue());
            bytes += size;
        }
        parts.add(new CounterJournalPart(shardId, CounterJournalPart.sortKey(through, parts.size()), current, ""));
        return parts;
    }

    // ---- apply: journal parts onto profiles, chunk by chunk ------------------------------------------

    private void applyPending(CounterCheckpoint checkpoint) {
        List<String> parts = new ArrayList<>(new TreeSet<>(checkpoint.pendingParts())); // in order of their windows
        for (int i = 0; i < parts.size(); i++) {
            applyPart(checkpoint.shardId(), parts.get(i), i == parts.size() - 1);
        }
    }

    /** How a user's delta is written in the next attempt. */
    private sealed interface Mode {
    }

    /** ADD to the profile's counts (the usual case). */
    private record Add() implements Mode {
    }

    /** SET the counts computed from what was read, clamped at zero (a count would go negative). */
    private record Clamp(Long followersRead, Long followingRead) implements Mode {
    }

    /** No profile: add to the parked counts, on condition that there still is no profile. */
    private record Park() implements Mode {
    }

    private enum Role { COUNTER, PROFILE_ABSENT_CHECK, PARKED, PART, CHECKPOINT }

    private record Slot(Role role, String userId) {
    }

    private void applyPart(String shardId, String partSk, boolean lastPendingPart) {
        Map<String, Mode> modes = new HashMap<>();
        int conflicts = 0;
        while (true) {
            stats.read();
            Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                    .tableName(table).key(CounterJournalPart.key(shardId, partSk)).consistentRead(true).build()).item();
            if (item == null || item.isEmpty()) {
                forgetPart(shardId, partSk, lastPendingPart);
                return;
            }
            CounterJournalPart part = CounterJournalPart.fromItem(shardId, item);
            List<Map.Entry<String, FollowCountDelta>> remaining = new ArrayList<>(part.remaining().entrySet());
            String cursor = part.cursor();
            int next = 0;
            boolean restart = false;
            while (!restart) {
                int capacity = settings.maxTransactItems() - 2;
                List<TransactWriteItem> items = new ArrayList<>();
                List<Slot> slots = new ArrayList<>();
                int end = next;
                while (end < remaining.size()) {
                    Map.Entry<String, FollowCountDelta> entry = remaining.get(end);
                    Mode mode = modes.getOrDefault(entry.getKey(), new Add());
                    int need = mode instanceof Park ? 2 : 1;
                    if (items.size() + need > capacity) {
                        break;
                    }
                    addCounterItems(entry.getKey(), entry.getValue(), mode, items, slots);
                    end++;
                }
                boolean last = end == remaining.size();
                String newCursor = end > next ? remaining.get(end - 1).getKey() : cursor;
                items.add(partItem(shardId, partSk, cursor, newCursor, last));
                slots.add(new Slot(Role.PART, null));
                if (last) {
                    items.add(checkpointItem(shardId, partSk, lastPendingPart));
                    slots.add(new Slot(Role.CHECKPOINT, null));
                }
                try {
                    dynamoDb.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(items).build());
                    stats.transaction(end - next, items.size());
                    if (last) {
                        return;
                    }
                    next = end;
                    cursor = newCursor;
                } catch (TransactionCanceledException e) {
                    Outcome outcome = adjust(e, slots, remaining, modes);
                    if (outcome == Outcome.PART_MOVED) {
                        restart = true; // the cursor moved under us (an earlier attempt committed): re-read
                    } else if (outcome == Outcome.CONFLICT) {
                        if (++conflicts > settings.maxConflictRetries()) {
                            throw new IllegalStateException("follow counter transaction kept conflicting on "
                                    + shardId + ": " + reasons(e), e);
                        }
                        pause(conflicts);
                    }
                }
            }
        }
    }

    private enum Outcome { ADJUSTED, PART_MOVED, CONFLICT }

    private Outcome adjust(TransactionCanceledException e, List<Slot> slots,
            List<Map.Entry<String, FollowCountDelta>> remaining, Map<String, Mode> modes) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        boolean adjusted = false;
        boolean partMoved = false;
        boolean conflict = false;
        Map<String, FollowCountDelta> deltas = new HashMap<>();
        remaining.forEach(entry -> deltas.put(entry.getKey(), entry.getValue()));
        for (int i = 0; i < reasons.size() && i < slots.size(); i++) {
            CancellationReason reason = reasons.get(i);
            String code = reason.code();
            if (code == null || "None".equals(code)) {
                continue;
            }
            Slot slot = slots.get(i);
            if (!Transactions.CONDITIONAL_CHECK_FAILED.equals(code)) {
                conflict = true; // TransactionConflict, throttling: the same attempt may succeed later
                continue;
            }
            switch (slot.role()) {
                case PART, CHECKPOINT -> partMoved = true;
                case PROFILE_ABSENT_CHECK -> {
                    modes.put(slot.userId(), new Add()); // the profile exists now
                    adjusted = true;
                }
                case COUNTER -> {
                    Map<String, AttributeValue> current = reason.hasItem() ? reason.item() : Map.of();
                    if (current.isEmpty()) {
                        LOG.warn("follow counts of {} have no profile to go to: parked in {}", slot.userId(),
                                PendingFollowCounts.SK);
                        stats.parked();
                        modes.put(slot.userId(), new Park());
                    } else {
                        FollowCountDelta delta = deltas.get(slot.userId());
                        Long followers = Attributes.optionalNumber(current, UserProfile.FOLLOWER_COUNT).orElse(null);
                        Long following = Attributes.optionalNumber(current, UserProfile.FOLLOWING_COUNT).orElse(null);
                        LOG.warn("follow counts of {} would go negative ({} + {}, {} + {}): set to zero; edges "
                                + "predate counting or stream records were lost", slot.userId(), followers,
                                delta.followers(), following, delta.following());
                        stats.clamped();
                        modes.put(slot.userId(), new Clamp(followers, following));
                    }
                    adjusted = true;
                }
                case PARKED -> conflict = true;
                default -> throw new IllegalStateException("unexpected slot " + slot);
            }
        }
        if (partMoved) {
            return Outcome.PART_MOVED;
        }
        if (adjusted) {
            return Outcome.ADJUSTED;
        }
        if (conflict) {
            return Outcome.CONFLICT;
        }
        throw new IllegalStateException("follow counter transaction cancelled: " + reasons(e), e);
    }

    private void addCounterItems(String userId, FollowCountDelta delta, Mode mode,
            List<TransactWriteItem> items, List<Slot> slots) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#pk", UsersTable.PK);
        if (mode instanceof Park) {
            items.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                    .tableName(table)
                    .key(UserProfile.key(userId))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(names)
                    .build()).build());
            slots.add(new Slot(Role.PROFILE_ABSENT_CHECK, userId));
            items.add(TransactWriteItem.builder().update(Update.builder()
                    .tableName(table)
                    .key(PendingFollowCounts.key(userId))
                    .updateExpression("ADD #f :f, #g :g, #rev :one SET #user = :user, #at = :now")
                    .expressionAttributeNames(Map.of("#f", PendingFollowCounts.FOLLOWERS,
                            "#g", PendingFollowCounts.FOLLOWING, "#rev", PendingFollowCounts.REVISION,
                            "#user", PendingFollowCounts.USER_ID, "#at", PendingFollowCounts.UPDATED_AT))
                    .expressionAttributeValues(Map.of(":f", Attributes.n(delta.followers()),
                            ":g", Attributes.n(delta.following()), ":one", Attributes.n(1),
                            ":user", Attributes.s(userId), ":now", Attributes.time(clock.instant())))
                    .build()).build());
            slots.add(new Slot(Role.PARKED, userId));
            return;
        }
        StringBuilder condition = new StringBuilder("attribute_exists(#pk)");
        String update;
        if (mode instanceof Clamp clamp) {
            List<String> sets = new ArrayList<>();
            clampTerm(UserProfile.FOLLOWER_COUNT, "#fc", ":f", ":rf", delta.followers(), clamp.followersRead(),
                    sets, condition, names, values);
            clampTerm(UserProfile.FOLLOWING_COUNT, "#gc", ":g", ":rg", delta.following(), clamp.followingRead(),
                    sets, condition, names, values);
            update = "SET " + String.join(", ", sets) + " ADD #cw :one";
        } else {
            List<String> adds = new ArrayList<>();
            addTerm(UserProfile.FOLLOWER_COUNT, "#fc", ":f", ":nf", delta.followers(), adds, condition, names, values);
            addTerm(UserProfile.FOLLOWING_COUNT, "#gc", ":g", ":ng", delta.following(), adds, condition, names, values);
            adds.add("#cw :one");
            update = "ADD " + String.join(", ", adds);
        }
        // every counter write is counted on the profile: the reconcile job's proof that none happened meanwhile
        names.put("#cw", UserProfile.COUNT_WRITES);
        values.put(":one", Attributes.n(1));
        Update.Builder builder = Update.builder()
                .tableName(table)
                .key(UserProfile.key(userId))
                .updateExpression(update)
                .conditionExpression(condition.toString())
                .expressionAttributeNames(names)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        builder.expressionAttributeValues(values);
        items.add(TransactWriteItem.builder().update(builder.build()).build());
        slots.add(new Slot(Role.COUNTER, userId));
    }

    private static void addTerm(String attribute, String name, String value, String need, long delta,
            List<String> adds, StringBuilder condition, Map<String, String> names, Map<String, AttributeValue> values) {
        if (delta == 0) {
            return;
        }
        names.put(name, attribute);
        values.put(value, Attributes.n(delta));
        adds.add(name + " " + value);
        if (delta < 0) {
            // the count must cover the decrement; otherwise the attempt fails and is clamped instead
            values.put(need, Attributes.n(-delta));
            condition.append(" AND ").append(name).append(" >= ").append(need);
        }
    }

    private static void clampTerm(String attribute, String name, String value, String read, long delta, Long current,
            List<String> sets, StringBuilder condition, Map<String, String> names, Map<String, AttributeValue> values) {
        if (delta == 0) {
            return;
        }
        long base = current == null ? 0 : current;
        names.put(name, attribute);
        values.put(value, Attributes.n(Math.max(0, base + delta)));
        sets.add(name + " = " + value);
        if (current == null) {
            condition.append(" AND attribute_not_exists(").append(name).append(')');
        } else {
            values.put(read, Attributes.n(current));
            condition.append(" AND ").append(name).append(" = ").append(read);
        }
    }

    private TransactWriteItem partItem(String shardId, String partSk, String cursor, String newCursor, boolean last) {
        Map<String, String> names = Map.of("#cursor", CounterJournalPart.CURSOR);
        if (last) {
            return TransactWriteItem.builder().delete(Delete.builder()
                    .tableName(table)
                    .key(CounterJournalPart.key(shardId, partSk))
                    .conditionExpression("#cursor = :cursor")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":cursor", AttributeValue.fromS(cursor)))
                    .build()).build();
        }
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(CounterJournalPart.key(shardId, partSk))
                .updateExpression("SET #cursor = :next")
                .conditionExpression("#cursor = :cursor")
                .expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(":cursor", AttributeValue.fromS(cursor),
                        ":next", AttributeValue.fromS(newCursor)))
                .build()).build();
    }

    private TransactWriteItem checkpointItem(String shardId, String partSk, boolean lastPendingPart) {
        return TransactWriteItem.builder().update(checkpointRelease(shardId, partSk, lastPendingPart)).build();
    }

    private Update checkpointRelease(String shardId, String partSk, boolean lastPendingPart) {
        Map<String, String> names = new HashMap<>(Map.of("#pending", CounterCheckpoint.PENDING_PARTS));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":part", AttributeValue.fromSs(List.of(partSk))));
        String expression = "DELETE #pending :part";
        if (lastPendingPart) {
            names.put("#expiresAt", CounterCheckpoint.EXPIRES_AT);
            values.put(":expiresAt", Attributes.n(CounterCheckpoint.expiry(clock.instant())));
            expression += " SET #expiresAt = :expiresAt";
        }
        return Update.builder()
                .tableName(table)
                .key(CounterCheckpoint.key(shardId))
                .updateExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    /** The part is gone (applied by an attempt whose response was lost): make sure the checkpoint forgets it. */
    private void forgetPart(String shardId, String partSk, boolean lastPendingPart) {
        Update release = checkpointRelease(shardId, partSk, lastPendingPart);
        dynamoDb.updateItem(UpdateItemRequest.builder()
                .tableName(table)
                .key(release.key())
                .updateExpression(release.updateExpression())
                .expressionAttributeNames(release.expressionAttributeNames())
                .expressionAttributeValues(release.expressionAttributeValues())
                .build());
    }

    private CounterCheckpoint readCheckpoint(String shardId) {
        stats.read();
        return CounterCheckpoint.fromItem(shardId, dynamoDb.getItem(GetItemRequest.builder()
                .tableName(table).key(CounterCheckpoint.key(shardId)).consistentRead(true).build()).item());
    }

    private void pause(int attempt) {
        long millis = settings.conflictBackoff().toMillis() << Math.min(attempt - 1, 6);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a follow counter transaction", e);
        }
    }

    private static String reasons(TransactionCanceledException e) {
        return e.hasCancellationReasons()
                ? e.cancellationReasons().stream().map(CancellationReason::code).toList().toString()
                : e.getMessage();
    }
}
