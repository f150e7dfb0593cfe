package dev.userbase.core.signup;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Counters for the sign-up path that operators alarm on. The production implementation writes
 * CloudWatch Embedded Metric Format lines to standard output, which Lambda ships to CloudWatch
 * Logs, where CloudWatch extracts them as metrics: no SDK call, no extra dependency (Powertools
 * metrics is not available at the Powertools version this project uses).
 */
@FunctionalInterface
public interface SignUpMetrics {

    /** The CloudWatch namespace of every metric this project emits. */
    String NAMESPACE = "Userbase";

    /** A confirmed user's email address is held by another user: no profile was created. Alarm on any. */
    String EMAIL_HELD_BY_ANOTHER_USER = "EmailHeldByAnotherUser";
    /** Tokens were issued to a user who has no profile yet (it is created on {@code GET /users/me}). */
    String PROFILE_MISSING_AT_TOKEN_GENERATION = "ProfileMissingAtTokenGeneration";
    /** A federated identity was linked to the native user that owns its email address. */
    String FEDERATED_IDENTITY_LINKED = "FederatedIdentityLinked";

    /** A legacy user was not migrated because their address is reserved or owned by another user. */
    String LEGACY_EMAIL_HELD_BY_ANOTHER_USER = "LegacyEmailHeldByAnotherUser";
    /** Several legacy rows carry one email address: none of them is migrated. */
    String LEGACY_EMAIL_AMBIGUOUS = "LegacyEmailAmbiguous";
    /** A legacy user was migrated into the user pool (UserMigration returned their attributes). */
    String LEGACY_USER_MIGRATED = "LegacyUserMigrated";
    /** A sign-in could not be recorded on the profile (the sign-in itself went ahead). */
    String SIGN_IN_NOT_RECORDED = "SignInNotRecorded";

    void count(String metric);

    /** Embedded Metric Format on standard output, dimension {@code Service = service}. */
    static SignUpMetrics embeddedMetricFormat(String service) {
        return new EmbeddedMetricFormat(System.out, Clock.systemUTC(), service);
    }

    static SignUpMetrics none() {
        return metric -> { };
    }

    /** One JSON line per data point, in the CloudWatch Embedded Metric Format specification. */
    final class EmbeddedMetricFormat implements SignUpMetrics {

        private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.:-]{1,255}");

        private final PrintStream out;
        private final Clock clock;
        private final String service;

        public EmbeddedMetricFormat(PrintStream out, Clock clock, String service) {
            this.out = Objects.requireNonNull(out, "out");
            this.clock = Objects.requireNonNull(clock, "clock");
            this.service = requireSafe(service);
        }

        @Override
        public void count(String metric) {
            requireSafe(metric);
            // Names are restricted to JSON-safe characters, so no escaping is needed.
            out.println("{\"_aws\":{\"Timestamp\":" + clock.millis()
                    + ",\"CloudWatchMetrics\":[{\"Namespace\":\"" + NAMESPACE + "\",\"Dimensions\":[[\"Service\"]],"
                    + "\"Metrics\":[{\"Name\":\"" + metric + "\",\"Unit\":\"Count\"}]}]},"
                    + "\"Service\":\"" + service + "\",\"" + metric + "\":1}");
        }

        private static String requireSafe(String name) {
            if (name == null || !SAFE.matcher(name).matches()) {
                throw new IllegalArgumentException("metric and service names are 1-255 of [A-Za-z0-9_.:-], got " + name);
            }
            return name;
        }
    }
}
