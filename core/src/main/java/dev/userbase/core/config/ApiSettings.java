package dev.userbase.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The REST API functions' own settings, beside {@link UsersConfig}: parsed once from environment
 * variables when a function is built. The CDK stack and the local stack set these variables by the
 * names defined here.
 *
 * @param corsAllowedOrigins origins whose browsers may read the API's responses (exact matches)
 * @param emailDelivery how email-change confirmations are sent
 * @param emailFrom the verified SES sender (required with {@link Delivery#SES}); null if unset
 * @param emailConfirmUrl the confirmation link template with {@code {token}}; null for the bare token
 * @param emailOutbox the outbox folder ({@link Delivery#OUTBOX})
 * @param sesEndpoint an SES endpoint override; null in AWS
 * @param onLambda the process runs on AWS Lambda ({@code AWS_EXECUTION_ENV} says so)
 * @param erasureGrace how long a deleted account can be restored before it is erased
 */
public record ApiSettings(
        Set<String> corsAllowedOrigins,
        Delivery emailDelivery,
        String emailFrom,
        String emailConfirmUrl,
        Path emailOutbox,
        URI sesEndpoint,
        boolean onLambda,
        Duration erasureGrace) {

    /** Comma-separated origins, e.g. {@code https://app.example.com}. */
    public static final String CORS_ALLOWED_ORIGINS = "CORS_ALLOWED_ORIGINS";
    /** {@code ses} (the default on Lambda) or {@code outbox} (the default elsewhere). */
    public static final String EMAIL_CHANGE_DELIVERY = "EMAIL_CHANGE_DELIVERY";
    public static final String EMAIL_FROM = "EMAIL_FROM";
    public static final String EMAIL_CHANGE_CONFIRM_URL = "EMAIL_CHANGE_CONFIRM_URL";
    public static final String EMAIL_OUTBOX_DIR = "EMAIL_OUTBOX_DIR";
    /** The AWS SDK's own name for the SES endpoint override. */
    public static final String SES_ENDPOINT = "AWS_ENDPOINT_URL_SESV2";
    /** Set by the Lambda runtime ({@code AWS_Lambda_java17}). */
    public static final String EXECUTION_ENV = "AWS_EXECUTION_ENV";
    public static final String DEFAULT_OUTBOX = ".local/outbox";
    /** The grace period of a deleted account, in whole days (used by the self API function). */
    public static final String ERASURE_GRACE_DAYS = "ERASURE_GRACE_DAYS";
    public static final Duration DEFAULT_ERASURE_GRACE = Duration.ofDays(30);

    /** How email-change confirmations are sent. */
    public enum Delivery { SES, OUTBOX }

    public ApiSettings {
        corsAllowedOrigins = Set.copyOf(corsAllowedOrigins);
    }

    /** What a function gets with nothing set, off Lambda: no CORS origins, the outbox. */
    public static ApiSettings defaults() {
        return fromEnvironment(Map.of());
    }

    /**
     * @throws IllegalArgumentException an unknown {@code EMAIL_CHANGE_DELIVERY}, or an
     *     {@code ERASURE_GRACE_DAYS} that is not a whole number of days, zero or more
     */
    public static ApiSettings fromEnvironment(Map<String, String> env) {
        boolean onLambda = value(env, EXECUTION_ENV).startsWith("AWS_Lambda_");
        String mode = value(env, EMAIL_CHANGE_DELIVERY);
        Delivery delivery;
        if (mode.isEmpty()) {
            delivery = onLambda ? Delivery.SES : Delivery.OUTBOX;
        } else {
            try {
                delivery = Delivery.valueOf(mode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(EMAIL_CHANGE_DELIVERY + " must be ses or outbox, not " + mode, e);
            }
        }
        String outbox = value(env, EMAIL_OUTBOX_DIR);
        String ses = value(env, SES_ENDPOINT);
        return new ApiSettings(
                Arrays.stream(value(env, CORS_ALLOWED_ORIGINS).split(",")).map(String::strip)
                        .filter(o -> !o.isEmpty()).collect(Collectors.toSet()),
                delivery,
                nullIfEmpty(value(env, EMAIL_FROM)),
                nullIfEmpty(value(env, EMAIL_CHANGE_CONFIRM_URL)),
                Path.of(outbox.isEmpty() ? DEFAULT_OUTBOX : outbox),
                ses.isEmpty() ? null : URI.create(ses),
                onLambda,
                grace(value(env, ERASURE_GRACE_DAYS)));
    }

    private static Duration grace(String days) {
        if (days.isEmpty()) {
            return DEFAULT_ERASURE_GRACE;
        }
        long value;
        try {
            value = Long.parseLong(days);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ERASURE_GRACE_DAYS + " must be a whole number of days, got '" + days + "'", e);
        }
        if (value < 0) {
            throw new IllegalArgumentException(ERASURE_GRACE_DAYS + " must not be negative");
        }
        return Duration.ofDays(value);
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null ? "" : value.strip();
    }

    private static String nullIfEmpty(String value) {
        return value.isEmpty() ? null : value;
    }
}
