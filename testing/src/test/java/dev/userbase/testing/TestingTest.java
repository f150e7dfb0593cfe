package dev.userbase.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class TestingTest {

    @Test
    void stoppedClock_movesOnlyByHand() {
        MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-01T10:05:00Z"));
        clock.set(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(clock.millis()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void tickingClock_isRealTimePlusTheOffset() {
        MutableClock clock = MutableClock.ticking();
        Instant before = Instant.now();
        clock.advance(Duration.ofHours(2));
        Instant shifted = clock.instant();
        assertThat(shifted).isBetween(before.plus(Duration.ofHours(2)), Instant.now().plus(Duration.ofHours(2)));
    }

    @Test
    void context_reportsWhatItWasGiven_andCountsDown() {
        AtomicInteger left = new AtomicInteger(300);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaTestContext context = new LambdaTestContext("req-1", "users-api", LambdaTestContext.arnOf("users-api"),
                "local", 512, left::get, new LambdaTestContext.StreamLogger(new PrintStream(out, true, StandardCharsets.UTF_8), "[users-api] "));

        assertThat(context.getAwsRequestId()).isEqualTo("req-1");
        assertThat(context.getInvokedFunctionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:users-api");
        assertThat(context.getLogGroupName()).isEqualTo("/aws/lambda/users-api");
        assertThat(context.getMemoryLimitInMB()).isEqualTo(512);
        assertThat(context.getRemainingTimeInMillis()).isEqualTo(300);
        left.set(-20);
        assertThat(context.getRemainingTimeInMillis()).isZero();
        context.getLogger().log("hello\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[users-api] hello" + System.lineSeparator());
        assertThat(new LambdaTestContext().getAwsRequestId()).isNotEqualTo(new LambdaTestContext().getAwsRequestId());
        assertThat(LambdaTestContext.withRemaining("req-2", 59_000).getRemainingTimeInMillis()).isEqualTo(59_000);
        assertThat(LambdaTestContext.withRemaining("req-2", 59_000).getAwsRequestId()).isEqualTo("req-2");
    }
}
