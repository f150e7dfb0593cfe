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
 * @param legacyUserId the legacy users table's id of a user the UserMigration trigger created; else {@code null}
 */
public record NewUser(String userName, String userId, String email, String givenName, String familyName,
        String legacyUserId) {

    public NewUser(String userName, String userId, String email, String givenName, String familyName) {
        this(userName, userId, email, givenName, familyName, null);
    }

    public NewUser {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(userId, "userId");
        givenName = blankToNull(givenName);
        familyName = blankToNull(familyName);
        legacyUserId = blankToNull(legacyUserId);
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
