package dev.userbase.core.counters;

import dev.userbase.core.model.FollowCountDelta;
import dev.userbase.core.store.FollowCounts.Replacement;

/**
 * How a user's delta is written in the next attempt of a chunk: added (the usual case), or, once an
 * attempt was refused for that user, clamped or parked.
 */
sealed interface CounterWrite {

    /** The usual write (it holds nothing, so one serves every user). */
    CounterWrite ADD = new Add();

    /** The transaction items the write takes. */
    default int items() {
        return 1;
    }

    /** ADD to the profile's counts, on condition that a decrement is covered. */
    record Add() implements CounterWrite {
    }

    /**
     * SET the counts computed from what the refused attempt found, clamped at zero (a count would
     * have gone negative), on condition that they still stand at what was found.
     *
     * @param followersRead the follower count found ({@code null}: absent)
     * @param followingRead the following count found ({@code null}: absent)
     */
    record Clamp(Long followersRead, Long followingRead) implements CounterWrite {

        Replacement followers(FollowCountDelta delta) {
            return replacement(delta.followers(), followersRead);
        }

        Replacement following(FollowCountDelta delta) {
            return replacement(delta.following(), followingRead);
        }

        /** {@code read + delta}, never below zero (an absent count is 0); null when the delta leaves it alone. */
        static Replacement replacement(long delta, Long read) {
            return delta == 0 ? null : sum(read, delta);
        }

        /** {@code read + delta}, never below zero (an absent count is 0), expecting {@code read}. */
        static Replacement sum(Long read, long delta) {
            long base = read == null ? 0 : read;
            return new Replacement(read, Math.max(0, base + delta));
        }
    }

    /** No profile: add to the parked counts, on condition (a second item) that there still is no profile. */
    record Park() implements CounterWrite {

        @Override
        public int items() {
            return 2;
        }
    }
}
