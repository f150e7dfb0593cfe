package dev.userbase.core.paging;

import java.util.Optional;

import dev.userbase.core.error.InvalidInputException;

/**
 * What a client asked of a paginated list: how many items ({@code limit}, 1–{@value #MAX_LIMIT},
 * default {@value #DEFAULT_LIMIT}) and where to continue (an opaque cursor from the previous page).
 */
public record PageRequest(int limit, String cursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidInputException.forField("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        cursor = cursor == null || cursor.isEmpty() ? null : cursor;
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }

    /** Reads the query parameters {@code limit} and {@code cursor} (either may be absent). */
    public static PageRequest parse(String limit, String cursor) {
        return new PageRequest(parseLimit(limit), cursor);
    }

    public Optional<String> cursorValue() {
        return Optional.ofNullable(cursor);
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        // digits only: no sign, no exponent, no white space; at most three of them
        if (limit.length() > 3 || !limit.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw InvalidInputException.forField("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
        }
        return Integer.parseInt(limit);
    }
}
