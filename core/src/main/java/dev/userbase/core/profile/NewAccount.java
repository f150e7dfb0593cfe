package dev.userbase.core.profile;

import java.util.Objects;

/**
 * A Cognito user who should have a profile: what the profile provisioner needs.
 *
 * @param userName the Cognito user name (what PreSignUp reserved the email address for)
 * @param userId the Cognito {@code sub}
 * @param email the address as Cognito holds it
 * @param givenName optional
 * @param familyName optional
 */
public record NewAccount(String userName, String userId, String email, String givenName, String familyName) {

    public NewAccount {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(userId, "userId");
    }
}
