package dev.userbase.core.signup;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A federated user's identity at their provider, as Cognito names them: userName
 * {@code <ProviderName>_<subject>} (for example {@code Google_1098…}).
 *
 * <p>In a user pool whose usernames are case-insensitive (the default) Cognito hands triggers the
 * userName lower-cased ({@code google_1098…}). The social providers' names are restored to the
 * exact spelling {@code AdminLinkProviderForUser} requires; a subject that contains upper-case
 * letters (Login with Amazon, some OIDC providers) cannot be restored from the userName, so the
 * pool should map the provider's subject verbatim into an attribute and the caller pass it as
 * {@code subjectOverride}.
 */
record FederatedIdentity(String providerName, String subject) {

    /** Cognito's attribute name for "the provider's own user id" in {@code AdminLinkProviderForUser}. */
    public static final String COGNITO_SUBJECT = "Cognito_Subject";

    private static final Map<String, String> SOCIAL_PROVIDERS = Map.of(
            "google", "Google",
            "facebook", "Facebook",
            "loginwithamazon", "LoginWithAmazon",
            "signinwithapple", "SignInWithApple");

    public FederatedIdentity {
        Objects.requireNonNull(providerName, "providerName");
        Objects.requireNonNull(subject, "subject");
    }

    /**
     * The identity a federated userName names, or empty if it is not of that form. Provider names
     * cannot contain {@code _} after their second character, so the first {@code _} separates
     * the two parts.
     */
    public static Optional<FederatedIdentity> fromUserName(String userName, String subjectOverride) {
        if (userName == null) {
            return Optional.empty();
        }
        int separator = userName.indexOf('_');
        if (separator <= 0 || separator == userName.length() - 1) {
            return Optional.empty();
        }
        String provider = userName.substring(0, separator);
        String subject = subjectOverride == null || subjectOverride.isBlank()
                ? userName.substring(separator + 1)
                : subjectOverride.strip();
        return Optional.of(new FederatedIdentity(
                SOCIAL_PROVIDERS.getOrDefault(provider.toLowerCase(Locale.ROOT), provider), subject));
    }
}
