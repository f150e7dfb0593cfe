package dev.userbase.local.login;

import java.util.Optional;

/**
 * The tokens cognito-local issued for a sign-in (InitiateAuth), handed out by the token endpoint.
 *
 * @param refreshToken absent after a refresh: Cognito returns a refresh token only for a code
 * @param expiresIn seconds the ID and access tokens live
 */
public record Tokens(String idToken, String accessToken, Optional<String> refreshToken, int expiresIn) {
}
