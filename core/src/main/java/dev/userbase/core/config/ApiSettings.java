package dev.userbase.core.config;

import java.net.URI;
import java.nio.file.Path;
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
 */
public record ApiSettings(
        Set<String> corsAllowedOrigins,
        Delivery emailDelivery,
        String emailFrom,
        String emailConfirmUrl,
        Path emailOutbox,
        URI sesEndpoint,
        boolean onLambda) {

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
     * @throws IllegalArgumentException an unknown {@code EMAIL_CHANGE_DELIVERY}
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
                onLambda);
    }

    private static String value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null ? "" : value.strip();
    }

    private static String nullIfEmpty(String value) {
        return value.isEmpty() ? null : value;
    }
}
