package dev.userbase.local.login;

import static dev.userbase.local.login.AuthorizationCodesTest.CHALLENGE;
import static dev.userbase.local.login.AuthorizationCodesTest.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** {@code /oauth2/authorize}'s checks in Cognito's order: page errors first, then redirected ones. */
class AuthorizationRequestTest {

    private static Map<String, String> valid() {
        Map<String, String> params = new HashMap<>();
        params.put("client_id", "client-1");
        params.put("response_type", "code");
        params.put("redirect_uri", "http://127.0.0.1:5173/");
        params.put("code_challenge", CHALLENGE);
        params.put("code_challenge_method", "S256");
        params.put("state", "xyz");
        return params;
    }

    private static AuthorizationRequest.Refusal refusal(Map<String, String> params) {
        return catchThrowableOfType(AuthorizationRequest.Refusal.class, () -> AuthorizationRequest.check(params,
                id -> id.equals("client-1") ? Optional.of(CLIENT) : Optional.empty()));
    }

    @Test
    void check_aValidRequest_keepsItsParametersAndAllScopesWhenNoneAsked() throws Exception {
        AuthorizationRequest request = AuthorizationRequest.check(valid(), id -> Optional.of(CLIENT));

        assertThat(request.scopes()).containsExactlyInAnyOrderElementsOf(AppClient.ALL_SCOPES);
        assertThat(request.state()).contains("xyz");
        assertThat(request.redirectWithCode("c-1")).isEqualTo("http://127.0.0.1:5173/?code=c-1&state=xyz");
        assertThat(request.query()).contains("client_id=client-1").contains("code_challenge=" + CHALLENGE);
    }

    @Test
    void check_aRedirectUriNotRegistered_isAPageErrorNeverARedirect() {
        Map<String, String> params = valid();
        params.put("redirect_uri", "http://127.0.0.1:5173/other");

        AuthorizationRequest.Refusal refusal = refusal(params);

        assertThat(refusal.redirect()).isEmpty();
        assertThat(refusal.error().error()).isEqualTo("redirect_mismatch");
        params.put("redirect_uri", "http://127.0.0.1:5173");
        assertThat(refusal(params).error().error()).as("compared exactly: no trailing slash").isEqualTo("redirect_mismatch");
    }

    @Test
    void check_anUnknownClient_isAPageError() {
        Map<String, String> params = valid();
        params.put("client_id", "someone-else");

        AuthorizationRequest.Refusal refusal = refusal(params);

        assertThat(refusal.redirect()).isEmpty();
        assertThat(refusal.error().error()).isEqualTo("invalid_client");
    }

    @Test
    void check_withoutPkce_redirectsInvalidRequestWithState() {
        Map<String, String> params = valid();
        params.remove("code_challenge");

        AuthorizationRequest.Refusal refusal = refusal(params);

        assertThat(refusal.redirect()).get().asString()
                .startsWith("http://127.0.0.1:5173/?error_description=")
                .contains("&error=invalid_request").endsWith("&state=xyz");
    }

    @Test
    void check_plainPkce_isRefused() {
        Map<String, String> params = valid();
        params.put("code_challenge_method", "plain");

        assertThat(refusal(params).error().error()).isEqualTo("invalid_request");
        assertThat(refusal(params).redirect()).isPresent();
    }

    @Test
    void check_implicitGrant_isUnauthorizedClient() {
        Map<String, String> params = valid();
        params.put("response_type", "token");

        assertThat(refusal(params).error().error()).isEqualTo("unauthorized_client");
    }

    @Test
    void check_unknownScopeOrProfileWithoutOpenid_isInvalidScope() {
        Map<String, String> params = valid();
        params.put("scope", "openid admin:everything");
        assertThat(refusal(params).error().error()).isEqualTo("invalid_scope");
        params.put("scope", "email profile");
        assertThat(refusal(params).error().error()).isEqualTo("invalid_scope");
    }

    @Test
    void check_identityProvider_cognitoIsAcceptedOthersAreNot() throws Exception {
        Map<String, String> params = valid();
        params.put("identity_provider", "COGNITO");
        assertThat(AuthorizationRequest.check(params, id -> Optional.of(CLIENT)).client()).isEqualTo(CLIENT);
        params.put("identity_provider", "Google");
        assertThat(refusal(params).error().error()).isEqualTo("invalid_request");
    }
}
