package dev.userbase.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import com.amazonaws.services.lambda.runtime.Context;

import dev.userbase.core.reconcile.FollowCountReconciler;
import dev.userbase.core.reconcile.ReconcileReport;
import dev.userbase.testing.LambdaTestContext;

/** The reconcile function: its input, its answer, and its time budget. */
class ReconcileHandlerTest {

    private static final Context FIVE_MINUTES_LEFT = LambdaTestContext.withRemaining("req-1", 300_000);

    private final FollowCountReconciler reconciler = mock(FollowCountReconciler.class);

    @Test
    void withoutInput_reconcilesEveryUser_fromTheCheckpoint_stoppingAMinuteBeforeTheTimeout() {
        when(reconciler.reconcileAll(eq(false), any())).thenReturn(new ReconcileReport(40, 35, 2, 3, 1, 1, 1, false));

        Map<String, Object> answer = new ReconcileHandler(reconciler).handleRequest(Map.of(), FIVE_MINUTES_LEFT);

        assertThat(answer).containsExactly(Map.entry("checked", 40L), Map.entry("agreed", 35L),
                Map.entry("corrected", 2L), Map.entry("absoluteDrift", 3L), Map.entry("unsettled", 1L),
                Map.entry("busy", 1L), Map.entry("pending", 1L), Map.entry("complete", false));
        @SuppressWarnings("unchecked")
        ArgumentCaptor<Supplier<Duration>> remaining = ArgumentCaptor.forClass(Supplier.class);
        verify(reconciler).reconcileAll(eq(false), remaining.capture());
        assertThat(remaining.getValue().get()).isEqualTo(Duration.ofMinutes(4));
        verify(reconciler, never()).reconcileUser(any());
    }

    @Test
    void restart_startsTheRunOver() {
        when(reconciler.reconcileAll(anyBoolean(), any())).thenReturn(ReconcileReport.empty());

        new ReconcileHandler(reconciler).handleRequest(Map.of("restart", true), FIVE_MINUTES_LEFT);

        verify(reconciler).reconcileAll(eq(true), any());
    }

    @Test
    void aUserId_reconcilesThatUserOnly() {
        when(reconciler.reconcileUser("u-1")).thenReturn(new ReconcileReport(1, 0, 1, 2, 0, 0, 0, true));

        Map<String, Object> answer = new ReconcileHandler(reconciler).handleRequest(Map.of("userId", "u-1"),
                FIVE_MINUTES_LEFT);

        assertThat(answer).containsEntry("corrected", 1L).containsEntry("absoluteDrift", 2L)
                .containsEntry("complete", true);
        verify(reconciler, never()).reconcileAll(anyBoolean(), any());
    }

    @Test
    void malformedInput_isRefused() {
        ReconcileHandler handler = new ReconcileHandler(reconciler);
        assertThatThrownBy(() -> handler.handleRequest(Map.of("userId", ""), FIVE_MINUTES_LEFT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userId");
        assertThatThrownBy(() -> handler.handleRequest(Map.of("userId", 7), FIVE_MINUTES_LEFT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userId");
        assertThatThrownBy(() -> handler.handleRequest(Map.of("restart", "yes"), FIVE_MINUTES_LEFT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restart");
    }
}
