package dev.userbase.local.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authorization codes from issue to redemption. A code is bound to the request it answers (client,
 * redirect URI, PKCE challenge) and to the tokens of the sign-in; it can be redeemed once, within
 * {@link #LIFETIME} (Cognito: five minutes). The first redemption attempt uses the code up, whether it
 * succeeds or not (a wrong {@code code_verifier} does not leave the code to be guessed again), and a
 * used code stays known until it would have expired, so a replay is told apart from a made-up code.
 *
 * <p>States: {@link State#ISSUED} → {@link State#REDEEMED}, or {@link State#EXPIRED} once its lifetime
 * passed unredeemed; {@link State#UNKNOWN} for a code never issued (or forgotten after expiry).
 */
final class AuthorizationCodes {

    public static final Duration LIFETIME = Duration.ofMinutes(5);

    public enum State { ISSUED, REDEEMED, EXPIRED, UNKNOWN }

    private static final class Grant {
        final AuthorizationRequest request;
        final Tokens tokens;
        final Instant expiresAt;
        boolean redeemed;

        Grant(AuthorizationRequest request, Tokens tokens, Instant expiresAt) {
            this.request = request;
            this.tokens = tokens;
            this.expiresAt = expiresAt;
        }
    }

    private final Clock clock;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    public AuthorizationCodes(Clock clock) {
        this.clock = clock;
    }

    /** A new code for the tokens of a sign-in that answered {@code request}. */
    public String issue(AuthorizationRequest request, Tokens tokens) {
        forgetExpired();
        String code = UUID.randomUUID().toString();
        grants.put(code, new Grant(request, tokens, clock.instant().plus(LIFETIME)));
        return code;
    }

    public State state(String code) {
        Grant grant = code == null ? null : grants.get(code);
        if (grant == null) {
            return State.UNKNOWN;
        }
        synchronized (grant) {
            if (grant.redeemed) {
                return State.REDEEMED;
            }
            return clock.instant().isBefore(grant.expiresAt) ? State.ISSUED : State.EXPIRED;
        }
    }

    /**
     * The tokens for {@code code}, if it was issued to {@code clientId} for {@code redirectUri} and
     * {@code codeVerifier} proves the challenge; {@code invalid_grant} otherwise.
     */
    public Tokens redeem(String code, String clientId, String redirectUri, String codeVerifier) throws OAuthError {
        Grant grant = code == null ? null : grants.get(code);
        if (grant == null) {
            throw new OAuthError(OAuthError.INVALID_GRANT, "the authorization code is not known");
        }
        synchronized (grant) {
            if (grant.redeemed) {
                throw new OAuthError(OAuthError.INVALID_GRANT, "the authorization code was already used");
            }
            grant.redeemed = true;
            if (!clock.instant().isBefore(grant.expiresAt)) {
                throw new OAuthError(OAuthError.INVALID_GRANT, "the authorization code expired (codes live "
                        + LIFETIME.toMinutes() + " minutes)");
            }
            if (!grant.request.client().clientId().equals(clientId)) {
                throw new OAuthError(OAuthError.INVALID_GRANT, "the authorization code was issued to another client");
            }
            if (!grant.request.redirectUri().equals(redirectUri)) {
                throw new OAuthError(OAuthError.INVALID_GRANT,
                        "redirect_uri is not the one the authorization code was requested with");
            }
            if (codeVerifier == null || codeVerifier.isEmpty()) {
                throw new OAuthError(OAuthError.INVALID_REQUEST, "code_verifier is required: the code was requested with PKCE");
            }
            if (!Pkce.verify(codeVerifier, grant.request.codeChallenge())) {
                throw new OAuthError(OAuthError.INVALID_GRANT, "code_verifier does not match the code_challenge");
            }
            return grant.tokens;
        }
    }

    /** The request a live code answers (the nonce and scopes it was asked with). */
    public Optional<AuthorizationRequest> request(String code) {
        return Optional.ofNullable(grants.get(code)).map(g -> g.request);
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        grants.values().removeIf(grant -> !now.isBefore(grant.expiresAt));
    }
}
