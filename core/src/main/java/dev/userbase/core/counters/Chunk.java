package dev.userbase.core.counters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.userbase.core.model.FollowCountDelta;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * One transaction of a journal part's application: the counter writes of the next users after the
 * part's cursor, as many as fit, then the cursor's move (or the part's deletion and its release from
 * the checkpoint, with the last chunk). Each item has a {@link Slot} saying what it is for, so a
 * cancellation can be read item by item.
 */
final class Chunk {

    enum Role { COUNTER, PROFILE_ABSENT_CHECK, PARKED, PART, CHECKPOINT }

    /** What the item at one index of the transaction is for; {@code userId} null for the bookkeeping items. */
    record Slot(Role role, String userId, FollowCountDelta delta) {
    }

    /** The cursor move, or the part's deletion and the checkpoint's release. */
    static final int BOOKKEEPING_ITEMS = 2;

    private final List<TransactWriteItem> items = new ArrayList<>();
    private final List<Slot> slots = new ArrayList<>();

    /**
     * Where the chunk starting at {@code start} of {@code remaining} ends (exclusive): as many users
     * as their writes' items fit in {@code maxTransactItems} beside the bookkeeping, at least one.
     */
    static int end(List<Map.Entry<String, FollowCountDelta>> remaining, int start, Map<String, CounterWrite> writes,
            int maxTransactItems) {
        int capacity = maxTransactItems - BOOKKEEPING_ITEMS;
        int used = 0;
        int end = start;
        while (end < remaining.size()) {
            int need = writes.getOrDefault(remaining.get(end).getKey(), CounterWrite.ADD).items();
            if (used + need > capacity) {
                break;
            }
            used += need;
            end++;
        }
        return end;
    }

    void add(Role role, String userId, FollowCountDelta delta, TransactWriteItem item) {
        slots.add(new Slot(role, userId, delta));
        items.add(item);
    }

    void add(Role role, TransactWriteItem item) {
        add(role, null, null, item);
    }

    List<TransactWriteItem> items() {
        return items;
    }

    List<Slot> slots() {
        return slots;
    }
}
