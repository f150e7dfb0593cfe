package dev.userbase.core.reconcile;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.userbase.core.signup.SignUpMetrics;

/**
 * What one reconcile invocation found, as metrics: CloudWatch Embedded Metric Format on standard
 * output (as {@link SignUpMetrics} writes them: namespace {@value SignUpMetrics#NAMESPACE},
 * dimension {@code Service}). Alarm on {@value #FOLLOW_COUNT_DRIFT}: any drift means counter
 * records were lost or counted wrong.
 */
@FunctionalInterface
public interface ReconcileMetrics {

    /** The sum over corrected users of the absolute drift of both counts. */
    String FOLLOW_COUNT_DRIFT = "FollowCountDrift";
    String USERS_CHECKED = "ReconcileUsersChecked";
    String USERS_CORRECTED = "ReconcileUsersCorrected";
    String USERS_UNSETTLED = "ReconcileUsersUnsettled";
    String USERS_BUSY = "ReconcileUsersBusy";

    /** {@code invocation}: what this invocation counted (not the run's totals, which a resumed run carries over). */
    void publish(ReconcileReport invocation);

    static ReconcileMetrics embeddedMetricFormat(String service) {
        return new EmbeddedMetricFormat(System.out, Clock.systemUTC(), service);
    }

    static ReconcileMetrics none() {
        return report -> { };
    }

    /** One JSON line per invocation with every metric in it. */
    final class EmbeddedMetricFormat implements ReconcileMetrics {

        private final PrintStream out;
        private final Clock clock;
        private final String service;

        public EmbeddedMetricFormat(PrintStream out, Clock clock, String service) {
            this.out = Objects.requireNonNull(out, "out");
            this.clock = Objects.requireNonNull(clock, "clock");
            if (service == null || !service.matches("[A-Za-z0-9_.:-]{1,255}")) {
                throw new IllegalArgumentException("service names are 1-255 of [A-Za-z0-9_.:-], got " + service);
            }
            this.service = service;
        }

        @Override
        public void publish(ReconcileReport invocation) {
            Map<String, Long> values = new LinkedHashMap<>();
            values.put(FOLLOW_COUNT_DRIFT, invocation.absoluteDrift());
            values.put(USERS_CHECKED, invocation.checked());
            values.put(USERS_CORRECTED, invocation.corrected());
            values.put(USERS_UNSETTLED, invocation.unsettled());
            values.put(USERS_BUSY, invocation.busy());
            // names are constants of JSON-safe characters: no escaping needed
            String definitions = values.keySet().stream()
                    .map(name -> "{\"Name\":\"" + name + "\",\"Unit\":\"Count\"}")
                    .collect(Collectors.joining(","));
            String data = values.entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                    .collect(Collectors.joining(","));
            out.println("{\"_aws\":{\"Timestamp\":" + clock.millis()
                    + ",\"CloudWatchMetrics\":[{\"Namespace\":\"" + SignUpMetrics.NAMESPACE + "\",\"Dimensions\":[[\"Service\"]],"
                    + "\"Metrics\":[" + definitions + "]}]},\"Service\":\"" + service + "\"," + data + "}");
        }
    }
}
