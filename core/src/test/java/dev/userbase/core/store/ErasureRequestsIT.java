package dev.userbase.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.testing.LocalTables;

/** The erasure markers as the engine stores them: what the audit writers ask after writing an entry. */
class ErasureRequestsIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    /** Ids of this test alone: the engine's tables are shared by the class. */
    private final String run = "user-" + System.nanoTime() + "-";
    private final Instant erasedAt = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void erasedAmong_namesExactlyTheMarkedIds_acrossMoreThanOneBatchGetItem() {
        ErasureRequests erasures = new ErasureRequests(tables.users());
        List<String> ids = new ArrayList<>();
        List<String> marked = new ArrayList<>();
        for (int i = 0; i < 230; i++) { // three BatchGetItem calls of at most 100 keys
            String id = run + i;
            ids.add(id);
            if (i % 7 == 3) {
                erasures.markErased(id, erasedAt);
                marked.add(id);
            }
        }

        assertThat(erasures.erasedAmong(ids)).containsExactlyInAnyOrderElementsOf(marked);
        assertThat(erasures.erasedAmong(List.of())).isEmpty();
    }

    @Test
    void aMarkerPastItsExpiry_stillSaysTheTrailMoved_butNoLongerThatTheErasureWasRecent() {
        ErasureRequests erasures = new ErasureRequests(tables.users());
        String id = run + "old";
        erasures.markErased(id, erasedAt);
        Instant later = erasedAt.plus(Duration.ofDays(2)); // expired, not yet deleted by TTL

        assertThat(erasures.trailMoving(id)).isTrue();
        assertThat(erasures.erasedAmong(List.of(id, run + "other"))).containsExactly(id);
        assertThat(erasures.erasedLately(id, later)).isFalse();
        assertThat(erasures.trailMoving(run + "other")).isFalse();
    }
}
