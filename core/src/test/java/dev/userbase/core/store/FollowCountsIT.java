package dev.userbase.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.FollowCountDelta;
import dev.userbase.core.model.PendingFollowCounts;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Cancellation;
import dev.userbase.core.store.FollowCounts.Replacement;
import dev.userbase.core.store.FollowCounts.StoredCounts;
import dev.userbase.core.testing.LocalTables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** The follow counter's writes on profiles and parked counts, as the engine applies their conditions. */
class FollowCountsIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private FollowCounts counts;
    private String user;

    @BeforeEach
    void setUp() {
        counts = new FollowCounts(tables.users());
        user = "user-" + System.nanoTime();
    }

    private void profile(Long followers) {
        Map<String, AttributeValue> item = new HashMap<>(
                UserProfile.builder().userId(user).email(user + "@example.com").createdAt(T0).updatedAt(T0).build().toItem());
        item.remove(UserProfile.FOLLOWER_COUNT);
        item.remove(UserProfile.FOLLOWING_COUNT);
        if (followers != null) {
            item.put(UserProfile.FOLLOWER_COUNT, Attributes.n(followers));
        }
        tables.users().put(item);
    }

    private Optional<Cancellation> write(TransactWriteItem... items) {
        return tables.transactions().commit(List.of(items));
    }

    private Map<String, AttributeValue> stored() {
        return tables.users().get(UserProfile.key(user)).orElseThrow();
    }

    @Test
    void addCounts_adds_andCountsTheWrite_butNeverBelowZeroNorOntoNoProfile() {
        profile(2L);
        Map<String, AttributeValue> before = stored();

        assertThat(write(counts.addCounts(user, new FollowCountDelta(-2, 3)))).isEmpty();
        assertThat(counts.stored(user)).contains(new StoredCounts(0L, 3L));
        assertThat(Attributes.number(stored(), UserProfile.COUNT_WRITES, 0)).isEqualTo(1);
        assertThat(stored().get(UserProfile.VERSION)).as("a counter write leaves the version alone")
                .isEqualTo(before.get(UserProfile.VERSION));
        assertThat(stored().get(UserProfile.UPDATED_AT)).isEqualTo(before.get(UserProfile.UPDATED_AT));

        Optional<Cancellation> negative = write(counts.addCounts(user, new FollowCountDelta(-1, 0)));
        assertThat(negative).hasValueSatisfying(c ->
                assertThat(FollowCounts.refusedCounts(c, 0)).contains(new StoredCounts(0L, 3L)));
        assertThat(Attributes.number(stored(), UserProfile.COUNT_WRITES, 0)).isEqualTo(1);

        String nobody = "nobody-" + System.nanoTime();
        Optional<Cancellation> missing = write(counts.addCounts(nobody, new FollowCountDelta(1, 0)));
        assertThat(missing).hasValueSatisfying(c -> {
            assertThat(c.conditionFailedAt(0)).isTrue();
            assertThat(FollowCounts.refusedCounts(c, 0)).isEmpty();
        });
        assertThat(tables.users().get(UserProfile.key(nobody))).as("a counter write never creates a profile").isEmpty();
    }

    @Test
    void replaceCounts_setsOnlyWhileTheCountsStandAsRead() {
        profile(5L);

        assertThat(write(counts.replaceCounts(user, new Replacement(4L, 0), null))).isPresent();
        assertThat(write(counts.replaceCounts(user, null, new Replacement(0L, 1)))).as("an absent count is not 0").isPresent();
        assertThat(counts.stored(user)).contains(new StoredCounts(5L, null));

        assertThat(write(counts.replaceCounts(user, new Replacement(5L, 0), new Replacement(null, 2)))).isEmpty();
        assertThat(counts.stored(user)).contains(new StoredCounts(0L, 2L));
        assertThat(Attributes.number(stored(), UserProfile.COUNT_WRITES, 0)).isEqualTo(1);
    }

    @Test
    void park_accumulatesWhileThereIsNoProfile_andUnparkDeletesOnlyTheRevisionRead() {
        assertThat(counts.parked(user)).isEmpty();
        assertThat(write(counts.profileAbsent(user), counts.park(user, new FollowCountDelta(1, 0), T0))).isEmpty();
        assertThat(write(counts.profileAbsent(user), counts.park(user, new FollowCountDelta(1, -1), T0.plusSeconds(1))))
                .isEmpty();
        PendingFollowCounts parked = counts.parked(user).orElseThrow();
        assertThat(parked).isEqualTo(new PendingFollowCounts(user, 2, -1, 2, T0.plusSeconds(1)));

        profile(null);
        assertThat(write(counts.profileAbsent(user), counts.park(user, new FollowCountDelta(1, 0), T0)))
                .hasValueSatisfying(c -> assertThat(c.conditionFailedAt(0)).isTrue());
        assertThat(counts.parked(user)).contains(parked);

        PendingFollowCounts stale = new PendingFollowCounts(user, 1, 0, 1, T0);
        assertThat(write(counts.unpark(stale))).hasValueSatisfying(c -> assertThat(c.conditionFailedAt(0)).isTrue());
        assertThat(write(counts.unpark(parked))).isEmpty();
        assertThat(counts.parked(user)).isEmpty();
        assertThat(tables.users().get(PendingFollowCounts.key(user))).isEmpty();
    }
}
