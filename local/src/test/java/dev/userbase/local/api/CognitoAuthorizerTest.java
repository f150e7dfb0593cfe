package dev.userbase.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.api.ApiRoute.Authorization;
import dev.userbase.testing.MutableClock;

/**
 * Token checks of the Cognito user pool authorizer, and the claims as API Gateway passes them on: ID
 * tokens on methods without OAuth scopes, access tokens only on methods with a scope they carry.
 */
class CognitoAuthorizerTest {

    private static final String ISSUER = "http://127.0.0.1:9229/local_pool";
    private static final String CLIENT = "client-1";
    /** A method without OAuth scopes (every route today). */
    private static final Authorization NO_SCOPES = new Authorization(List.of());
    /** A method with OAuth scopes (none today; API Gateway's rules for when one gets them). */
    private static final Authorization SCOPED = new Authorization(List.of("users/read", "users/write"));
    private static RSAKey poolKey;
    private static RSAKey otherKey;
    private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
    private CognitoAuthorizer authorizer;

    @BeforeAll
    static void keys() throws Exception {
        poolKey = new RSAKeyGenerator(2048).keyID("CognitoLocal").generate();
        otherKey = new RSAKeyGenerator(2048).keyID("CognitoLocal").generate();
    }

    @org.junit.jupiter.api.BeforeEach
    void authorizer() {
        authorizer = new CognitoAuthorizer(ISSUER, CLIENT, new ImmutableJWKSet<>(new JWKSet(poolKey.toPublicJWK())), clock);
    }

    @Test
    void idToken_ofThePoolForTheClient_isAllowed_withClaimsAsApiGatewayWritesThem() throws Exception {
        String token = sign(poolKey, idClaims().claim("cognito:groups", List.of("admin", "editors"))
                .claim("auth_time", 1772359200L).claim("email_verified", true).build());

        CognitoAuthorizer.Result result = authorizer.authorize(Optional.of("Bearer " + token), NO_SCOPES);

        assertThat(result.isAllowed()).isTrue();
        assertThat(result.claims())
                .containsEntry("sub", "user-1")
                .containsEntry("token_use", "id")
                .containsEntry("aud", CLIENT)
                .containsEntry("cognito:groups", "admin,editors")
                .containsEntry("auth_time", "1772359200")
                .containsEntry("email_verified", "true")
                .containsEntry("iat", "Sun Mar 01 10:00:00 UTC 2026")
                .containsEntry("exp", "Sun Mar 01 11:00:00 UTC 2026");
    }

    @Test
    void tokenWithoutBearerPrefix_isAllowed() throws Exception {
        assertThat(authorizer.authorize(Optional.of(sign(poolKey, idClaims().build())), NO_SCOPES).isAllowed()).isTrue();
    }

    @Test
    void accessToken_onAMethodWithoutScopes_isRefused_onEveryRoute() throws Exception {
        String token = sign(poolKey, accessClaims("aws.cognito.signin.user.admin").build());
        String idToken = sign(poolKey, idClaims().build());

        for (ApiRoute route : ApiRoute.values()) {
            CognitoAuthorizer.Result access = authorizer.authorize(Optional.of("Bearer " + token), route);
            assertThat(access.isAllowed()).as(route.name()).isFalse();
            assertThat(access.refusal()).as(route.name()).contains("access token").contains("ID token");
            assertThat(authorizer.authorize(Optional.of("Bearer " + idToken), route).isAllowed()).as(route.name()).isTrue();
        }
    }

    @Test
    void accessToken_onAMethodWithScopes_isAllowed_onlyWithOneOfThem() throws Exception {
        CognitoAuthorizer.Result one = authorizer.authorize(
                Optional.of(sign(poolKey, accessClaims("openid users/write").build())), SCOPED);
        assertThat(one.isAllowed()).isTrue();
        assertThat(one.claims()).containsEntry("token_use", "access").containsEntry("scope", "openid users/write");

        assertRefused(sign(poolKey, accessClaims("openid aws.cognito.signin.user.admin").build()), SCOPED, "none of the scopes");
        assertRefused(sign(poolKey, base().claim("token_use", "access").claim("client_id", CLIENT).build()), SCOPED,
                "none of the scopes");
        assertRefused(sign(poolKey, idClaims().claim("scope", "users/read").build()), SCOPED, "ID token");
        assertRefused(sign(poolKey, accessClaims("users/read").claim("client_id", "client-2").build()), SCOPED,
                "another app client");
    }

    /** cognito-local's refresh token: an RS256 JWT of the pool's key, without kid, sub or token_use. */
    @Test
    void refreshToken_isRefused_withOrWithoutScopes() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).claim("cognito:username", "user-1")
                .claim("email", "ann@example.com").issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plus(Duration.ofDays(7)))).jwtID("r-1").build();
        SignedJWT refresh = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims);
        refresh.sign(new RSASSASigner(poolKey));

        assertRefused(refresh.serialize(), NO_SCOPES, "refresh token is never accepted");
        assertRefused(refresh.serialize(), SCOPED, "refresh token is never accepted");
        assertRefused(sign(poolKey, idClaims().claim("token_use", "refresh").build()), NO_SCOPES, "refresh token");
    }

    @Test
    void refused_whenAnythingIsWrong() throws Exception {
        assertRefused(null, "no Authorization header");
        assertRefused("", "no Authorization header");
        assertRefused("Bearer nonsense", "not a JWT");
        assertRefused(sign(otherKey, idClaims().build()), "signature");
        assertRefused(sign(poolKey, idClaims().issuer("http://127.0.0.1:9229/other_pool").build()), "issued by");
        assertRefused(sign(poolKey, idClaims().audience("client-2").build()), "another app client");
        assertRefused(sign(poolKey, accessClaims("users/read").claim("client_id", "client-2").build()), SCOPED, "another app client");
        assertRefused(sign(poolKey, idClaims().claim("token_use", "refresh").build()), "token_use");
        assertRefused(sign(poolKey, base().audience(CLIENT).build()), "token_use");
        assertRefused(new PlainJWT(idClaims().build()).serialize(), "signature");
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), idClaims().build());
        hmac.sign(new MACSigner(new byte[32]));
        assertRefused(hmac.serialize(), "signature");
    }

    @Test
    void expiredToken_isRefused() throws Exception {
        String token = sign(poolKey, idClaims().build());
        clock.advance(Duration.ofHours(1));

        assertRefused(token, "expired");
    }

    private void assertRefused(String header, String reason) {
        assertRefused(header, NO_SCOPES, reason);
    }

    private void assertRefused(String header, Authorization required, String reason) {
        CognitoAuthorizer.Result result = authorizer.authorize(Optional.ofNullable(header), required);
        assertThat(result.isAllowed()).as(header).isFalse();
        assertThat(result.refusal()).containsIgnoringCase(reason);
    }

    private JWTClaimsSet.Builder base() {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-1")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    private JWTClaimsSet.Builder accessClaims(String scope) {
        return base().claim("token_use", "access").claim("client_id", CLIENT).claim("scope", scope)
                .claim("username", "user-1");
    }

    private JWTClaimsSet.Builder idClaims() {
        return base().audience(CLIENT).claim("token_use", "id").claim("email", "ann@example.com");
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
