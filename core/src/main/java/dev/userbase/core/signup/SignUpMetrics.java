package dev.userbase.core.signup;

import java.util.Map;

import dev.userbase.core.metrics.EmbeddedMetricLine;

/**
 * Counters for the sign-up path that operators alarm on. The production implementation writes
 * CloudWatch Embedded Metric Format lines ({@link EmbeddedMetricLine}) to standard output.
 */
@FunctionalInterface
public interface SignUpMetrics {

    /** The CloudWatch namespace of every metric this project emits. */
    String NAMESPACE = EmbeddedMetricLine.NAMESPACE;

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
        return embeddedMetricFormat(EmbeddedMetricLine.Emitter.standardOutput(service));
    }

    /** One JSON line per data point ({@link EmbeddedMetricLine}). */
    static SignUpMetrics embeddedMetricFormat(EmbeddedMetricLine.Emitter emitter) {
        return metric -> emitter.emit(Map.of(metric, 1L));
    }

    static SignUpMetrics none() {
        return metric -> { };
    }
}
