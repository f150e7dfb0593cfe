package dev.userbase.core.signup;

import java.util.Objects;

/**
 * A confirmed Cognito user who should have a profile.
 *
 * @param userName the Cognito userName (what PreSignUp reserved the email address for)
 * @param userId the Cognito {@code sub}: the profile's id
 * @param email the user's email address as Cognito holds it (normalised by the provisioner)
 * @param givenName optional
 * @param familyName optional
 */
public record NewUser(String userName, String userId, String email, String givenName, String familyName) {

    public NewUser {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(userId, "userId");
        givenName = blankToNull(givenName);
        familyName = blankToNull(familyName);
    }

    /** "Given Family", either alone, or {@code null} when the user gave neither. */
    public String displayName() {
        if (givenName == null && familyName == null) {
            return null;
        }
        return givenName == null ? familyName : familyName == null ? givenName : givenName + " " + familyName;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
