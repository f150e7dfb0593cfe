package dev.userbase.core.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.userbase.core.metrics.EmbeddedMetricLine;

class SignUpMetricsTest {

    @Test
    void embeddedMetricFormat_writesOneLineCloudWatchExtractsAsACount() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        SignUpMetrics metrics = SignUpMetrics.embeddedMetricFormat(new EmbeddedMetricLine.Emitter(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.fixed(now, ZoneOffset.UTC), "triggers"));

        metrics.count(SignUpMetrics.EMAIL_HELD_BY_ANOTHER_USER);

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).endsWith(System.lineSeparator()).hasLineCount(1);
        JsonNode line = new ObjectMapper().readTree(out);
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(now.toEpochMilli());
        assertThat(directive.at("/Namespace").asText()).isEqualTo("Userbase");
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("Service");
        assertThat(directive.at("/Metrics/0/Name").asText()).isEqualTo("EmailHeldByAnotherUser");
        assertThat(directive.at("/Metrics/0/Unit").asText()).isEqualTo("Count");
        assertThat(line.get("Service").asText()).isEqualTo("triggers");
        assertThat(line.get("EmailHeldByAnotherUser").asInt()).isEqualTo(1);
    }

    @Test
    void embeddedMetricFormat_refusesNamesThatWouldBreakTheJson() {
        SignUpMetrics metrics = SignUpMetrics.embeddedMetricFormat("triggers");

        assertThatThrownBy(() -> metrics.count("bad\"name")).isInstanceOf(IllegalArgumentException.class);
    }
}
