package dev.userbase.triggers;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.reconcile.FollowCountReconciler;
import dev.userbase.core.reconcile.ReconcileMetrics;
import dev.userbase.core.reconcile.ReconcileReport;
import dev.userbase.core.reconcile.ReconcileSettings;
import software.amazon.lambda.powertools.logging.Logging;

/**
 * The reconcile job ({@link FollowCountReconciler}) as a Lambda function, invoked by hand
 * (docs/DEPLOY.md). Input {@code {"userId": "..."}} reconciles one user; without it every user, from
 * the checkpoint, stopping a minute before the timeout (invoke again until {@code complete});
 * {@code "restart": true} starts a run over (a finished run is otherwise answered as it was).
 */
public final class ReconcileHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final String COMPONENT = "reconcile";
    /** Stop starting pages or waits when less than this is left of the invocation. */
    static final long RESERVE_MILLIS = 60_000;

    private static final Logger LOG = LogManager.getLogger(ReconcileHandler.class);

    private final FollowCountReconciler reconciler;

    /** Lambda's constructor: configuration from the environment, SDK clients built once. */
    public ReconcileHandler() {
        this(AwsClients.create(UsersConfig.fromEnvironment()), ReconcileSettings.fromEnvironment(System.getenv()),
                Clock.systemUTC());
    }

    public ReconcileHandler(AwsClients clients, ReconcileSettings settings, Clock clock) {
        this(FollowCountReconciler.create(clients, settings, clock, ReconcileMetrics.embeddedMetricFormat(COMPONENT)));
    }

    ReconcileHandler(FollowCountReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    @Logging
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        Map<String, Object> event = input == null ? Map.of() : input;
        Object userId = event.get("userId");
        if (userId != null && !(userId instanceof String id && !id.isBlank())) {
            throw new IllegalArgumentException("userId must be a non-empty string");
        }
        Object restart = event.getOrDefault("restart", false);
        if (!(restart instanceof Boolean)) {
            throw new IllegalArgumentException("restart must be true or false");
        }
        ReconcileReport report;
        if (userId != null) {
            report = reconciler.reconcileUser((String) userId);
            LOG.info("reconcile of {}: {}", userId, report);
        } else {
            report = reconciler.reconcileAll((Boolean) restart, () -> context == null
                    ? Duration.ofDays(1)
                    : Duration.ofMillis(context.getRemainingTimeInMillis() - RESERVE_MILLIS));
            LOG.info("reconcile of all users: {}", report);
        }
        return Invocations.answer(report);
    }
}
