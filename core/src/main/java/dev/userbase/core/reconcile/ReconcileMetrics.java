package dev.userbase.core.reconcile;

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
        return embeddedMetricFormat(EmbeddedMetricLine.Emitter.standardOutput(service));
    }

    /** One JSON line per invocation with every metric in it. */
    static ReconcileMetrics embeddedMetricFormat(EmbeddedMetricLine.Emitter emitter) {
        return invocation -> {
            Map<String, Long> values = new LinkedHashMap<>();
            values.put(FOLLOW_COUNT_DRIFT, invocation.absoluteDrift());
            values.put(USERS_CHECKED, invocation.checked());
            values.put(USERS_CORRECTED, invocation.corrected());
            values.put(USERS_UNSETTLED, invocation.unsettled());
            values.put(USERS_BUSY, invocation.busy());
            emitter.emit(values);
        };
    }

    static ReconcileMetrics none() {
        return report -> { };
    }
}
