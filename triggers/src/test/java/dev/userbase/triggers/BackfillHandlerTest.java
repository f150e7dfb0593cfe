package dev.userbase.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;

import com.amazonaws.services.lambda.runtime.Context;

import dev.userbase.core.backfill.BackfillReport;
import dev.userbase.core.backfill.PoolBackfill;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.testing.LambdaTestContext;

/** The backfill function: its answer, and that it stops starting pages a minute before its timeout. */
class BackfillHandlerTest {

    private static final String POOL = "eu-west-1_Ab12Cd34E";

    private final PoolBackfill backfill = mock(PoolBackfill.class);

    @Test
    void handleRequest_answersTheCounts_andKeepsGoingOnlyWhileMoreThanAMinuteIsLeft() {
        when(backfill.run(eq(POOL), any(), any())).thenReturn(new BackfillReport(5, 3, 1, 2, 1, 0, 2, false));

        Map<String, Object> answer = new BackfillHandler(backfill, POOL).handleRequest(Map.of(),
                new LambdaTestContext("req-1"));

        assertThat(answer).containsExactly(Map.entry("created", 5L), Map.entry("alreadyPresent", 3L),
                Map.entry("emailHeldByAnotherUser", 1L), Map.entry("skippedUnconfirmed", 2L),
                Map.entry("skippedDisabled", 1L), Map.entry("skippedInvalid", 0L), Map.entry("pages", 2L),
                Map.entry("complete", false));
        ArgumentCaptor<BooleanSupplier> keepGoing = ArgumentCaptor.forClass(BooleanSupplier.class);
        Mockito.verify(backfill).run(eq(POOL), keepGoing.capture(), eq(new ChangeContext("system:backfill", "req-1")));
        Context plenty = LambdaTestContext.withRemaining("req-2", 120_000);
        Context little = LambdaTestContext.withRemaining("req-3", 59_000);
        when(backfill.run(eq(POOL), any(), any())).thenAnswer(call -> {
            BooleanSupplier supplier = call.getArgument(1);
            return new BackfillReport(supplier.getAsBoolean() ? 1 : 0, 0, 0, 0, 0, 0, 1, true);
        });
        assertThat(new BackfillHandler(backfill, POOL).handleRequest(Map.of(), plenty)).containsEntry("created", 1L);
        assertThat(new BackfillHandler(backfill, POOL).handleRequest(Map.of(), little)).containsEntry("created", 0L);
    }

    @Test
    void withoutAUserPoolId_theFunctionRefusesToStart() {
        assertThatThrownBy(() -> new BackfillHandler(backfill, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("USER_POOL_ID");
    }
}
