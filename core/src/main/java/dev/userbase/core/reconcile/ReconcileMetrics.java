package dev.userbase.core.reconcile;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.userbase.core.metrics.EmbeddedMetricLine;

/**
 * What one reconcile invocation found, as metrics: CloudWatch Embedded Metric Format on standard
 * output ({@link EmbeddedMetricLine}: namespace {@value EmbeddedMetricLine#NAMESPACE},
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

        private final EmbeddedMetricLine.Emitter emitter;

        public EmbeddedMetricFormat(PrintStream out, Clock clock, String service) {
            this.emitter = new EmbeddedMetricLine.Emitter(out, clock, service);
        }

        @Override
        public void publish(ReconcileReport invocation) {
            Map<String, Long> values = new LinkedHashMap<>();
            values.put(FOLLOW_COUNT_DRIFT, invocation.absoluteDrift());
            values.put(USERS_CHECKED, invocation.checked());
            values.put(USERS_CORRECTED, invocation.corrected());
            values.put(USERS_UNSETTLED, invocation.unsettled());
            values.put(USERS_BUSY, invocation.busy());
            emitter.emit(values);
        }
    }
}
