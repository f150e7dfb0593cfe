package dev.userbase.local.cognito;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.userbase.testing.MutableClock;

/** Codes read from cognito-local's console box, colours and all. */
class ConfirmationCodesTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private final ConfirmationCodes codes = new ConfirmationCodes(clock);

    @Test
    void accept_readsTheCodeBoxAndKeepsTheLatestPerAddress() throws Exception {
        feed("ann@example.com", "1234");
        clock.advance(Duration.ofSeconds(1));
        feed("Ann@Example.com", "5678");
        feed("bob@example.com", "9999");

        assertThat(codes.latestFor("ANN@example.com")).hasValueSatisfying(d -> {
            assertThat(d.code()).isEqualTo("5678");
            assertThat(d.username()).isEqualTo("c63651ae-59c6-4ede-ae7d-a8400ff65e8d");
        });
        assertThat(codes.await("bob@example.com", Instant.EPOCH, Duration.ZERO)).hasValueSatisfying(d ->
                assertThat(d.code()).isEqualTo("9999"));
        assertThat(codes.await("nobody@example.com", Instant.EPOCH, Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void linesOutsideABox_areIgnored() {
        codes.accept("[1795392633980] INFO: NONE NONE Cognito Local running on http://127.0.0.1:9229");
        codes.accept("Code: 1111");

        assertThat(codes.all()).isEmpty();
    }

    private void feed(String destination, String code) {
        String yellow = "\u001B[33m";
        String reset = "\u001B[39m";
        for (String line : List.of(
                "[1795392633980] \u001B[32mINFO\u001B[39m: \u001B[36m7f53abbd SignUp " + yellow + "╭──────────────────────╮" + reset,
                yellow + "│" + reset + "                                                       " + yellow + "│" + reset,
                yellow + "│" + reset + "   Confirmation Code Delivery                          " + yellow + "│" + reset,
                yellow + "│" + reset + "   Username:    c63651ae-59c6-4ede-ae7d-a8400ff65e8d   " + yellow + "│" + reset,
                yellow + "│" + reset + "   Destination: " + destination + "                    " + yellow + "│" + reset,
                yellow + "│" + reset + "   Code:        " + code + "                                   " + yellow + "│" + reset,
                yellow + "╰───────────────────────────────────────────────────────╯" + reset)) {
            codes.accept(line);
        }
    }
}
