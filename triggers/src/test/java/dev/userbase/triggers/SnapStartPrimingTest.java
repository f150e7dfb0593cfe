package dev.userbase.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void register_offLambda_runsNothing() {
        AtomicInteger runs = new AtomicInteger();

        SnapStartPriming.register("Test", runs::incrementAndGet);

        assertThat(runs).hasValue(0);
    }

    @Test
    void beforeCheckpoint_runsThePrimingAction() {
        AtomicInteger runs = new AtomicInteger();
        SnapStartPriming priming = SnapStartPriming.register("Test", runs::incrementAndGet);

        priming.beforeCheckpoint(null);

        assertThat(runs).hasValue(1);
    }

    @Test
    void beforeCheckpoint_whenPrimingFails_stillLetsTheSnapshotBeTaken() {
        SnapStartPriming priming = SnapStartPriming.register("Test", () -> {
            throw new IllegalStateException("DynamoDB unreachable");
        });

        assertThatCode(() -> priming.beforeCheckpoint(null)).doesNotThrowAnyException();
        assertThat(priming.prime()).isFalse();
    }
}
