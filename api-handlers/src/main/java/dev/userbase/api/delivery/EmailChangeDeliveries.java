package dev.userbase.api.delivery;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.emailchange.EmailChangeDelivery;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Chooses how email-change tokens reach the new address, from the environment:
 *
 * <table>
 *   <tr><th>variable</th><th>meaning</th></tr>
 *   <tr><td>{@code EMAIL_CHANGE_DELIVERY}</td><td>{@code ses} or {@code outbox}; default {@code ses} on
 *       Lambda, {@code outbox} elsewhere</td></tr>
 *   <tr><td>{@code EMAIL_FROM}</td><td>the verified SES sender (required with {@code ses})</td></tr>
 *   <tr><td>{@code EMAIL_CHANGE_CONFIRM_URL}</td><td>optional link template with {@code {token}}</td></tr>
 *   <tr><td>{@code EMAIL_OUTBOX_DIR}</td><td>the outbox folder, default {@code .local/outbox}</td></tr>
 *   <tr><td>{@code AWS_ENDPOINT_URL_SESV2}</td><td>SES endpoint override</td></tr>
 * </table>
 */
public final class EmailChangeDeliveries {

    public static final String DELIVERY = "EMAIL_CHANGE_DELIVERY";
    public static final String FROM = "EMAIL_FROM";
    public static final String CONFIRM_URL = "EMAIL_CHANGE_CONFIRM_URL";
    public static final String OUTBOX_DIR = "EMAIL_OUTBOX_DIR";
    public static final String SES_ENDPOINT = "AWS_ENDPOINT_URL_SESV2";
    public static final String DEFAULT_OUTBOX = ".local/outbox";

    private static final Logger LOG = LogManager.getLogger(EmailChangeDeliveries.class);

    private EmailChangeDeliveries() {
    }

    /**
     * The delivery the environment asks for. A missing {@code EMAIL_FROM} with {@code ses} does not
     * stop the function (the rest of the self routes keep working): it is logged as an error at
     * start, and every email-change request answers 503 until it is set.
     *
     * @throws IllegalStateException an unknown mode
     */
    public static EmailChangeDelivery fromEnvironment(AwsClients clients, Map<String, String> env) {
        boolean onLambda = Optional.ofNullable(env.get("AWS_EXECUTION_ENV")).orElse("").startsWith("AWS_Lambda_");
        String mode = value(env, DELIVERY).orElse(onLambda ? "ses" : "outbox").toLowerCase(Locale.ROOT);
        switch (mode) {
            case "ses" -> {
                String from = value(env, FROM).orElse(null);
                if (from == null) {
                    LOG.error("{} is not set: email-change requests will be refused until it names the SES sender", FROM);
                    return message -> {
                        throw new UserServiceException(ErrorKind.UNAVAILABLE,
                                "Email changes are not available right now; please try again later");
                    };
                }
                Optional<URI> endpoint = value(env, SES_ENDPOINT).map(URI::create);
                return new SesEmailChangeDelivery(() -> clients.configure(SesV2Client.builder(), endpoint).build(),
                        from, value(env, CONFIRM_URL).orElse(null));
            }
            case "outbox" -> {
                return new OutboxEmailChangeDelivery(Path.of(value(env, OUTBOX_DIR).orElse(DEFAULT_OUTBOX)));
            }
            default -> throw new IllegalStateException(DELIVERY + " must be ses or outbox, not " + mode);
        }
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
