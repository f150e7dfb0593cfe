package dev.userbase.core.metrics;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One line of CloudWatch Embedded Metric Format: written to standard output, shipped by Lambda to
 * CloudWatch Logs, extracted there as metrics (no SDK call, no extra dependency; Powertools metrics
 * is not available at the Powertools version this project uses). Every metric of the project is in
 * namespace {@value #NAMESPACE} with the dimension {@code Service}.
 */
public final class EmbeddedMetricLine {

    /** The CloudWatch namespace of every metric this project emits. */
    public static final String NAMESPACE = "Userbase";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.:-]{1,255}");

    private EmbeddedMetricLine() {
    }

    /** @throws IllegalArgumentException not a metric or service name (1-255 of [A-Za-z0-9_.:-]) */
    public static String requireSafe(String name) {
        if (name == null || !SAFE.matcher(name).matches()) {
            throw new IllegalArgumentException("metric and service names are 1-255 of [A-Za-z0-9_.:-], got " + name);
        }
        return name;
    }

    /** The line for {@code values} (name to count, in order) of {@code service} at {@code timestampMillis}. */
    public static String of(long timestampMillis, String service, Map<String, Long> values) {
        requireSafe(service);
        values.keySet().forEach(EmbeddedMetricLine::requireSafe);
        // names are restricted to JSON-safe characters: no escaping needed
        String definitions = values.keySet().stream()
                .map(name -> "{\"Name\":\"" + name + "\",\"Unit\":\"Count\"}")
                .collect(Collectors.joining(","));
        String data = values.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(","));
        return "{\"_aws\":{\"Timestamp\":" + timestampMillis
                + ",\"CloudWatchMetrics\":[{\"Namespace\":\"" + NAMESPACE + "\",\"Dimensions\":[[\"Service\"]],"
                + "\"Metrics\":[" + definitions + "]}]},\"Service\":\"" + service + "\"," + data + "}";
    }

    /** Writes the lines of one service to a stream, stamped by a clock: what every metrics implementation prints through. */
    public static final class Emitter {

        private final PrintStream out;
        private final Clock clock;
        private final String service;

        /** @throws IllegalArgumentException {@code service} is not a safe name ({@link #requireSafe}) */
        public Emitter(PrintStream out, Clock clock, String service) {
            this.out = Objects.requireNonNull(out, "out");
            this.clock = Objects.requireNonNull(clock, "clock");
            this.service = requireSafe(service);
        }

        /** Standard output, stamped by the system clock: what Lambda ships to CloudWatch Logs. */
        public static Emitter standardOutput(String service) {
            return new Emitter(System.out, Clock.systemUTC(), service);
        }

        /** One line with {@code values} (name to count, in order). */
        public void emit(Map<String, Long> values) {
            out.println(of(clock.millis(), service, values));
        }
    }
}
