package dev.userbase.core.paging;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One page of a list, and the cursor of the next page if there is one. */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), nextCursor);
    }
}
