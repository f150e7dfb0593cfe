package dev.userbase.core.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.userbase.core.model.UserProfile;

/** Plain profiles a follow-count test starts from: {@code user-000}, {@code user-001}, ... without counts. */
public final class SeededProfiles {

    private SeededProfiles() {
    }

    /** Puts {@code n} profiles created at {@code createdAt} into the users table; returns their ids in order. */
    public static List<String> seed(LocalTables tables, int n, Instant createdAt) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("user-%03d", i);
            users.add(id);
            tables.users().put(UserProfile.builder().userId(id).email(id + "@example.com").createdAt(createdAt).build()
                    .toItem());
        }
        return users;
    }
}
