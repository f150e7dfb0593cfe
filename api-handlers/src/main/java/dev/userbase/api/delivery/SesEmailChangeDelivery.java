package dev.userbase.api.delivery;

import java.util.Objects;
import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.aws.Lazy;
import dev.userbase.core.emailchange.EmailChangeDelivery;
import dev.userbase.core.emailchange.EmailChangeMessage;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.Timestamps;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * In AWS, email-change confirmations are emailed to the new address with SES (SendEmail, from
 * {@code EMAIL_FROM}). With {@code EMAIL_CHANGE_CONFIRM_URL} set (a URL containing {@code {token}},
 * for example {@code https://app.example.com/confirm-email?token={token}}), the email carries a
 * link to the application, which posts the token to {@code /users/me/email-change/confirm};
 * otherwise it carries the code itself. The SES client is built on first use, so functions that
 * never send an email do not pay for it at cold start.
 */
final class SesEmailChangeDelivery implements EmailChangeDelivery {

    private static final Logger LOG = LogManager.getLogger(SesEmailChangeDelivery.class);

    private final Lazy<SesV2Client> ses;
    private final String from;
    private final String confirmUrl;

    public SesEmailChangeDelivery(Supplier<SesV2Client> ses, String from, String confirmUrl) {
        this.ses = new Lazy<>(ses);
        this.from = Objects.requireNonNull(from, "from");
        if (confirmUrl != null && !confirmUrl.contains("{token}")) {
            throw new IllegalArgumentException("EMAIL_CHANGE_CONFIRM_URL must contain {token}");
        }
        this.confirmUrl = confirmUrl;
    }

    @Override
    public void deliver(EmailChangeMessage message) {
        String text = confirmUrl == null
                ? "Enter this code to confirm your new email address: " + message.token()
                : "Open this link to confirm your new email address: " + confirmUrl.replace("{token}", message.token());
        text += "\n\nIt is valid until " + Timestamps.format(message.expiresAt())
                + ". If you did not ask to change your email address, ignore this message.";
        try {
            ses.get().sendEmail(SendEmailRequest.builder()
                    .fromEmailAddress(from)
                    .destination(Destination.builder().toAddresses(message.to()).build())
                    .content(EmailContent.builder().simple(Message.builder()
                            .subject(Content.builder().data("Confirm your new email address").charset("UTF-8").build())
                            .body(Body.builder().text(Content.builder().data(text).charset("UTF-8").build()).build())
                            .build()).build())
                    .build());
        } catch (SdkException e) {
            // the exception never contains the message body, so it may be logged
            LOG.warn("SES could not send the email-change confirmation of {}: {}", message.userId(), e.toString());
            throw new UserServiceException(ErrorKind.UNAVAILABLE, "The confirmation email could not be sent; please try again", e);
        }
    }
}
