package dev.userbase.core.signup;

import java.util.Objects;

/**
 * A sign-up about to be accepted, as Cognito describes it before the user exists (there is no
 * {@code sub} yet; the user is known by {@code userName}).
 *
 * @param userPoolId the pool, for the Cognito calls that link a federated identity
 * @param email the address as entered or as the identity provider sent it; may be {@code null}
 * @param emailVerified true when the identity provider says it verified the address
 *     ({@code email_verified = "true"}); only meaningful for {@link SignUpSource#EXTERNAL_PROVIDER}
 * @param providerSubject the federated user's id at the provider, when the pool maps it into an
 *     attribute verbatim; {@code null} to take it from the {@code userName}
 */
public record SignUpRequest(
        SignUpSource source,
        String userPoolId,
        String userName,
        String email,
        boolean emailVerified,
        String providerSubject) {

    public SignUpRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(userName, "userName");
    }

    public static SignUpRequest of(SignUpSource source, String userPoolId, String userName, String email) {
        return new SignUpRequest(source, userPoolId, userName, email, false, null);
    }
}
