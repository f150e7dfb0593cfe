package dev.userbase.core.emailchange;

import java.time.Instant;

/** An email change waiting for confirmation: the new address and until when the token is valid. */
public record EmailChangeRequested(String pendingEmail, Instant expiresAt) {
}
