package dev.userbase.core.emailchange;

import java.time.Instant;
import java.util.Objects;

/**
 * The confirmation a new address's owner receives: the only place the token exists in clear
 * (the table holds its hash). {@link #toString()} leaves the token out, so logging a message
 * cannot leak it.
 */
public record EmailChangeMessage(String userId, String to, String token, Instant expiresAt) {

    public EmailChangeMessage {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "EmailChangeMessage[userId=" + userId + ", to=" + to + ", token=(redacted), expiresAt=" + expiresAt + "]";
    }
}
