package dev.userbase.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.testing.LocalTables;

/** The erasure markers as the engine stores them: what the audit writers ask after writing an entry. */
class ErasureRequestsIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private ErasureRequests erasures;
    private String run;

    @BeforeEach
    void setUp() {
        erasures = new ErasureRequests(tables.users());
        run = "user-" + System.nanoTime() + "-";
    }

    @Test
    void erasedAmong_namesExactlyTheMarkedIds_acrossMoreThanOneBatchGetItem() {
        List<String> ids = new ArrayList<>();
        List<String> marked = new ArrayList<>();
        for (int i = 0; i < 230; i++) { // three BatchGetItem calls of at most 100 keys
            String id = run + i;
            ids.add(id);
            if (i % 7 == 3) {
                erasures.markErased(id, T0);
                marked.add(id);
            }
        }

        assertThat(erasures.erasedAmong(ids)).containsExactlyInAnyOrderElementsOf(marked);
        assertThat(erasures.erasedAmong(List.of())).isEmpty();
    }

    @Test
    void aMarkerPastItsExpiry_stillSaysTheTrailMoved_butNoLongerThatTheErasureWasRecent() {
        String id = run + "old";
        erasures.markErased(id, T0);
        Instant later = T0.plus(Duration.ofDays(2)); // expired, not yet deleted by TTL

        assertThat(erasures.trailMoving(id)).isTrue();
        assertThat(erasures.erasedAmong(List.of(id, run + "other"))).containsExactly(id);
        assertThat(erasures.erasedLately(id, later)).isFalse();
        assertThat(erasures.trailMoving(run + "other")).isFalse();
    }
}
