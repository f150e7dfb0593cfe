package dev.userbase.core.emailchange;

/**
 * Gets an email-change token to the owner of the new address, and only to them: never into a
 * response, an event, a stream record or a log. In AWS it is an email sent with SES; on one
 * machine, a file in an outbox folder (see the api-handlers module).
 */
@FunctionalInterface
public interface EmailChangeDelivery {

    /**
     * @throws dev.userbase.core.error.UserServiceException ({@code UNAVAILABLE}) the message could
     *     not be handed over; the user may ask again
     */
    void deliver(EmailChangeMessage message);
}
