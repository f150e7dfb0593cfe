package dev.userbase.local.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.userbase.testing.MutableClock;

/** The code state machine: issued once, redeemed once, within five minutes, only with the right proof. */
class AuthorizationCodesTest {

    /** A verifier and its S256 challenge as openssl computes it (sha256, base64url without padding). */
    static final String VERIFIER = "dBjftJeZ4CVP-mJ92Tn3JPcg8rTF9kY_q5K7XmsMl7o";
    static final String CHALLENGE = "0jHxi2E2HaZMXdA07AN4Dv-v74EHhlX1vwWH4rSRaoA";
    static final AppClient CLIENT = new AppClient("client-1", List.of("http://127.0.0.1:5173/"),
            List.of("http://127.0.0.1:5173/"), AppClient.ALL_SCOPES);
    static final Tokens TOKENS = new Tokens("id.token", "access.token", Optional.of("refresh.token"), 3600);

    private final MutableClock clock = MutableClock.at("2026-12-02T10:00:00Z");
    private final AuthorizationCodes codes = new AuthorizationCodes(clock);

    static AuthorizationRequest request() throws AuthorizationRequest.Refusal {
        return AuthorizationRequest.check(Map.of("client_id", "client-1", "response_type", "code",
                        "redirect_uri", "http://127.0.0.1:5173/", "code_challenge", CHALLENGE, "code_challenge_method", "S256",
                        "state", "s-1", "scope", "openid email"),
                id -> id.equals("client-1") ? Optional.of(CLIENT) : Optional.empty());
    }

    @Test
    void pkceChallenge_isBase64UrlSha256OfTheVerifier() {
        assertThat(Pkce.challenge(VERIFIER)).isEqualTo(CHALLENGE);
        assertThat(Pkce.verify(VERIFIER, CHALLENGE)).isTrue();
        assertThat(Pkce.verify(VERIFIER.replace('d', 'e'), CHALLENGE)).isFalse();
        assertThat(Pkce.verify("too-short", Pkce.challenge("too-short"))).as("verifier under 43 characters").isFalse();
    }

    @Test
    void redeem_withTheRightVerifier_returnsTheTokensOnce() throws Exception {
        String code = codes.issue(request(), TOKENS);
        assertThat(codes.state(code)).isEqualTo(AuthorizationCodes.State.ISSUED);

        assertThat(codes.redeem(code, "client-1", "http://127.0.0.1:5173/", VERIFIER)).isEqualTo(TOKENS);

        assertThat(codes.state(code)).isEqualTo(AuthorizationCodes.State.REDEEMED);
        assertThatThrownBy(() -> codes.redeem(code, "client-1", "http://127.0.0.1:5173/", VERIFIER))
                .isInstanceOf(OAuthError.class).hasMessageContaining("already used")
                .extracting(e -> ((OAuthError) e).error()).isEqualTo("invalid_grant");
    }

    @Test
    void redeem_withAWrongVerifier_isInvalidGrantAndUsesTheCodeUp() throws Exception {
        String code = codes.issue(request(), TOKENS);

        assertThatThrownBy(() -> codes.redeem(code, "client-1", "http://127.0.0.1:5173/", VERIFIER.replace('B', 'C')))
                .isInstanceOf(OAuthError.class).extracting(e -> ((OAuthError) e).error()).isEqualTo("invalid_grant");
        assertThatThrownBy(() -> codes.redeem(code, "client-1", "http://127.0.0.1:5173/", VERIFIER))
                .as("the right verifier after a wrong one").hasMessageContaining("already used");
    }

    @Test
    void redeem_withoutVerifier_isInvalidRequest() throws Exception {
        String code = codes.issue(request(), TOKENS);

        assertThatThrownBy(() -> codes.redeem(code, "client-1", "http://127.0.0.1:5173/", null))
                .isInstanceOf(OAuthError.class).extracting(e -> ((OAuthError) e).error()).isEqualTo("invalid_request");
    }

    @Test
    void redeem_afterFiveMinutes_isExpired() throws Exception {
        String code = codes.issue(request(), TOKENS);
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(codes.state(code)).isEqualTo(AuthorizationCodes.State.ISSUED);
        clock.advance(Duration.ofSeconds(1));

        assertThat(codes.state(code)).isEqualTo(AuthorizationCodes.State.EXPIRED);
        assertThatThrownBy(() -> codes.redeem(code, "client-1", "http://127.0.0.1:5173/", VERIFIER))
                .isInstanceOf(OAuthError.class).hasMessageContaining("expired");
    }

    @Test
    void redeem_justBeforeExpiry_succeeds() throws Exception {
        String code = codes.issue(request(), TOKENS);
        clock.advance(Duration.ofMinutes(5).minusMillis(1));

        assertThat(codes.redeem(code, "client-1", "http://127.0.0.1:5173/", VERIFIER)).isEqualTo(TOKENS);
    }

    @Test
    void redeem_forAnotherClientOrRedirectUri_isInvalidGrant() throws Exception {
        String first = codes.issue(request(), TOKENS);
        String second = codes.issue(request(), TOKENS);

        assertThatThrownBy(() -> codes.redeem(first, "client-2", "http://127.0.0.1:5173/", VERIFIER))
                .hasMessageContaining("another client");
        assertThatThrownBy(() -> codes.redeem(second, "client-1", "http://localhost:5173/", VERIFIER))
                .hasMessageContaining("redirect_uri");
    }

    @Test
    void redeem_aMadeUpCode_isUnknown() {
        assertThat(codes.state("nope")).isEqualTo(AuthorizationCodes.State.UNKNOWN);
        assertThatThrownBy(() -> codes.redeem("nope", "client-1", "http://127.0.0.1:5173/", VERIFIER))
                .isInstanceOf(OAuthError.class).hasMessageContaining("not known");
    }

    @Test
    void issue_forgetsExpiredCodes() throws Exception {
        String old = codes.issue(request(), TOKENS);
        clock.advance(Duration.ofMinutes(6));
        codes.issue(request(), TOKENS);

        assertThat(codes.state(old)).isEqualTo(AuthorizationCodes.State.UNKNOWN);
    }

    @Test
    void codes_areDistinct() throws Exception {
        assertThat(codes.issue(request(), TOKENS)).isNotEqualTo(codes.issue(request(), TOKENS));
    }
}
