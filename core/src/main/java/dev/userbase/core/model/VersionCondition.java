package dev.userbase.core.model;

import java.util.Set;

/**
 * An optimistic-concurrency precondition on an item's {@code version} (what an HTTP
 * {@code If-Match} header says): none, "the item exists" ({@code *}), or "its version is one of".
 * Version 0 stands for "no item yet" where an item may be absent (preferences).
 */
public record VersionCondition(Kind kind, Set<Long> versions) {

    public enum Kind { NONE, EXISTS, ONE_OF }

    private static final VersionCondition NONE = new VersionCondition(Kind.NONE, Set.of());
    private static final VersionCondition EXISTS = new VersionCondition(Kind.EXISTS, Set.of());

    public VersionCondition {
        versions = Set.copyOf(versions);
        if ((kind == Kind.ONE_OF) == versions.isEmpty()) {
            throw new IllegalArgumentException("ONE_OF needs versions, and only ONE_OF has them");
        }
    }

    public static VersionCondition none() {
        return NONE;
    }

    public static VersionCondition exists() {
        return EXISTS;
    }

    public static VersionCondition oneOf(Set<Long> versions) {
        return new VersionCondition(Kind.ONE_OF, versions);
    }

    /** True if an item at {@code version} (0: absent) satisfies the condition. */
    public boolean admits(long version) {
        return switch (kind) {
            case NONE -> true;
            case EXISTS -> version > 0;
            case ONE_OF -> versions.contains(version);
        };
    }
}
