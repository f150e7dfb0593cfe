package dev.userbase.core.store;

import java.util.Objects;
import java.util.Optional;

import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Table;

/**
 * The profile item ({@code USER#<sub>} / {@code PROFILE}): its reads, the conditions that guard
 * its writes and its transitions. The item's attributes and key format are {@link UserProfile}'s.
 */
public final class Profiles {

    private final Table table;

    public Profiles(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /** The profile, read strongly consistent (a caller acting on it must see the latest write). */
    public Optional<UserProfile> find(String userId) {
        return table.get(UserProfile.key(userId), UserProfile::fromItem);
    }

    // ---- creation, sign-in records, password changes, email changes, expiry (sign-up, migration, email change: B1)

    // ---- self and admin changes, status, erasure (profile, preferences, admin, user pool, privacy: B2)

    // ---- follower and following counts (counters: B3)

    // ---- follows, summaries, search (social: B4)
}
