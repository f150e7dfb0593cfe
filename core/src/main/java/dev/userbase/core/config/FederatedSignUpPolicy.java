package dev.userbase.core.config;

/** What PreSignUp does with a federated (external provider) sign-up whose email already has a native user. */
public enum FederatedSignUpPolicy {
    /** Link the federated identity to the native user that owns the email (AdminLinkProviderForUser). */
    LINK,
    /** Refuse the federated sign-up. */
    DENY
}
