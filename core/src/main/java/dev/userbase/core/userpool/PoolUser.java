package dev.userbase.core.userpool;

import java.util.Objects;

/**
 * A user as the Cognito user pool knows them.
 *
 * @param userName what Cognito admin calls address the user by
 * @param sub the user's id (the profile's userId)
 * @param email the {@code email} attribute, if any
 * @param enabled false once disabled (AdminDisableUser)
 * @param status Cognito's user status ({@value #FORCE_CHANGE_PASSWORD} for a user an
 *     administrator created who has not signed in yet)
 */
public record PoolUser(String userName, String sub, String email, boolean enabled, String status) {

    public static final String FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD";

    /** True for a user created with AdminCreateUser who has not signed in yet. */
    public boolean isAwaitingFirstSignIn() {
        return FORCE_CHANGE_PASSWORD.equals(status);
    }

    public PoolUser {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(sub, "sub");
    }
}
