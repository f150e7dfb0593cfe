package dev.userbase.api.delivery;

import java.net.URI;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.ApiSettings;
import dev.userbase.core.emailchange.EmailChangeDelivery;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Chooses how email-change tokens reach the new address, from {@link ApiSettings} (read from these variables):
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

    private static final Logger LOG = LogManager.getLogger(EmailChangeDeliveries.class);

    private EmailChangeDeliveries() {
    }

    /**
     * The delivery the settings ask for. A missing {@code EMAIL_FROM} with {@code ses} does not
     * stop the function (the rest of the self routes keep working): it is logged as an error at
     * start, and every email-change request answers 503 until it is set.
     */
    public static EmailChangeDelivery of(AwsClients clients, ApiSettings settings) {
        return switch (settings.emailDelivery()) {
            case SES -> {
                if (settings.emailFrom() == null) {
                    LOG.error("{} is not set: email-change requests will be refused until it names the SES sender",
                            ApiSettings.EMAIL_FROM);
                    yield message -> {
                        throw new UserServiceException(ErrorKind.UNAVAILABLE,
                                "Email changes are not available right now; please try again later");
                    };
                }
                Optional<URI> endpoint = Optional.ofNullable(settings.sesEndpoint());
                yield new SesEmailChangeDelivery(() -> clients.configure(SesV2Client.builder(), endpoint).build(),
                        settings.emailFrom(), settings.emailConfirmUrl());
            }
            case OUTBOX -> new OutboxEmailChangeDelivery(settings.emailOutbox());
        };
    }
}
