package dev.userbase.local.api;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.api.ApiRoute.Authorization;
import dev.userbase.core.api.ApiRoute.TokenUse;

/**
 * What API Gateway's Cognito user pool authorizer does before a request reaches a function: the
 * token (from {@code Authorization}, with or without {@code Bearer }) must be an RS256 JWT signed by a
 * key in the pool's JWKS, issued by the pool, unexpired, and of the kind the method takes
 * ({@link ApiRoute#authorization()}, the definition the deployed methods' OAuth scopes come from): on
 * a method without scopes an ID token for the app client ({@code aud}); on a method with scopes an
 * access token for it ({@code client_id}) whose {@code scope} claim holds one of them. Anything else
 * is refused: an access token on a method without scopes, an ID token on one with scopes, a refresh
 * token anywhere. The claims then reach the function as API Gateway passes them: every value a
 * string, {@code exp} and {@code iat} as dates, arrays comma-joined.
 */
public final class CognitoAuthorizer {

    /** How API Gateway writes {@code exp}/{@code iat}: {@code Tue Apr 04 18:39:39 UTC 2023}. */
    private static final DateTimeFormatter CLAIM_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String issuer;
    private final String clientId;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor;

    public CognitoAuthorizer(String issuer, String clientId, JWKSource<SecurityContext> keys, Clock clock) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.clock = clock;
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        // claims are checked below, against the injected clock
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
    }

    /** An authorizer for a pool, its keys fetched (and cached) from the pool's JWKS endpoint. */
    public static CognitoAuthorizer forPool(URI cognitoEndpoint, String userPoolId, String clientId, Clock clock) {
        String issuer = cognitoEndpoint.toString().replaceAll("/$", "") + "/" + userPoolId;
        try {
            JWKSource<SecurityContext> keys = JWKSourceBuilder
                    .create(URI.create(issuer + "/.well-known/jwks.json").toURL())
                    .retrying(true)
                    .build();
            return new CognitoAuthorizer(issuer, clientId, keys, clock);
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad Cognito endpoint " + cognitoEndpoint, e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** The claims of a token the route takes, as API Gateway passes them; otherwise the reason it is refused. */
    public Result authorize(Optional<String> authorizationHeader, ApiRoute route) {
        return authorize(authorizationHeader, route.authorization());
    }

    /** The claims of a token a method with this authorization takes; otherwise the reason it is refused. */
    public Result authorize(Optional<String> authorizationHeader, Authorization required) {
        if (authorizationHeader.isEmpty() || authorizationHeader.get().isBlank()) {
            return Result.refused("no Authorization header");
        }
        String token = authorizationHeader.get().trim();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).trim();
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            return Result.refused("not a JWT");
        } catch (BadJOSEException | JOSEException e) {
            return Result.refused("signature not valid for this user pool: " + e.getMessage());
        }
        try {
            TokenUse use = verify(claims);
            List<String> scopes = use == TokenUse.ACCESS ? scopes(claims) : List.of();
            if (!required.accepts(use, scopes)) {
                return Result.refused(mismatch(use, required));
            }
        } catch (BadJWTException e) {
            return Result.refused(e.getMessage());
        }
        return Result.allowed(apiGatewayClaims(claims));
    }

    /** Checks what every token must satisfy, and says which kind it is. */
    private TokenUse verify(JWTClaimsSet claims) throws BadJWTException {
        if (!issuer.equals(claims.getIssuer())) {
            throw new BadJWTException("issued by " + claims.getIssuer() + ", not by " + issuer);
        }
        Date expiry = claims.getExpirationTime();
        if (expiry == null || !expiry.toInstant().isAfter(clock.instant())) {
            throw new BadJWTException("token expired");
        }
        String use;
        try {
            use = claims.getStringClaim("token_use");
        } catch (ParseException e) {
            throw new BadJWTException("token_use is not a string");
        }
        if (TokenUse.ID.claim().equals(use)) {
            if (claims.getAudience() == null || !claims.getAudience().contains(clientId)) {
                throw new BadJWTException("ID token for another app client");
            }
        } else if (TokenUse.ACCESS.claim().equals(use)) {
            if (!clientId.equals(claims.getClaim("client_id"))) {
                throw new BadJWTException("access token for another app client");
            }
        } else {
            // cognito-local's refresh tokens are JWTs without token_use (Cognito's are encrypted, not JWTs at all)
            throw new BadJWTException("not an ID or access token (token_use " + use + "); a refresh token is never accepted");
        }
        if (claims.getSubject() == null) {
            throw new BadJWTException("no sub");
        }
        return TokenUse.ID.claim().equals(use) ? TokenUse.ID : TokenUse.ACCESS;
    }

    /** An access token's {@code scope} claim: space-separated scopes. */
    private static List<String> scopes(JWTClaimsSet claims) throws BadJWTException {
        try {
            String scope = claims.getStringClaim("scope");
            return scope == null || scope.isBlank() ? List.of() : List.of(scope.trim().split("\\s+"));
        } catch (ParseException e) {
            throw new BadJWTException("scope is not a string");
        }
    }

    private static String mismatch(TokenUse use, Authorization required) {
        if (required.acceptedToken() == TokenUse.ID) {
            return "an access token, but this method has no OAuth scopes and takes only ID tokens (as API Gateway's"
                    + " Cognito authorizer does): send the ID token";
        }
        if (use == TokenUse.ID) {
            return "an ID token, but this method takes only access tokens with one of the scopes " + required.scopes();
        }
        return "the access token carries none of the scopes " + required.scopes();
    }

    static Map<String, String> apiGatewayClaims(JWTClaimsSet claims) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> claim : claims.getClaims().entrySet()) {
            Object value = claim.getValue();
            String text;
            if (value instanceof Date date) {
                text = switch (claim.getKey()) {
                    case "exp", "iat" -> CLAIM_DATE.format(date.toInstant());
                    default -> Long.toString(date.toInstant().getEpochSecond());
                };
            } else if (value instanceof List<?> list) {
                text = list.stream().map(String::valueOf).collect(Collectors.joining(","));
            } else if (value instanceof Instant instant) {
                text = Long.toString(instant.getEpochSecond());
            } else {
                text = String.valueOf(value);
            }
            result.put(claim.getKey(), text);
        }
        return result;
    }

    /** The outcome: claims for the function, or why the request gets a 401. */
    public record Result(Map<String, String> claims, String refusal) {

        static Result allowed(Map<String, String> claims) {
            return new Result(Map.copyOf(claims), null);
        }

        static Result refused(String reason) {
            return new Result(null, reason);
        }

        public boolean isAllowed() {
            return claims != null;
        }
    }
}
