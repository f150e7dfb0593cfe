package dev.userbase.dynamodb.ops;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One page of a List or Describe answer that continues from an exclusive start: at most a limit of
 * items, and whether more remain (then the answer names the last one, for the next call to start after).
 */
record Page<T>(List<T> items, boolean more) {

    /** The first {@code max} of {@code items}, in order. */
    static <T> Page<T> of(Stream<T> items, int max) {
        List<T> list = items.limit(max + 1L).toList();
        return list.size() > max ? new Page<>(list.subList(0, max), true) : new Page<>(list, false);
    }

    /** The items after the one whose {@code key} is {@code start}: all of them when start is null, none when no item has it. */
    static <T> Stream<T> after(Stream<T> items, String start, Function<T, String> key) {
        return start == null ? items : items.dropWhile(t -> !key.apply(t).equals(start)).skip(1);
    }

    /** How many items a page holds: the request's checked {@code Limit}, or {@code otherwise} when it has none. */
    static int size(Long limit, int otherwise) {
        return limit == null ? otherwise : limit.intValue();
    }

    T last() {
        return items.get(items.size() - 1);
    }
}
