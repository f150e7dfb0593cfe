package dev.userbase.core.access;

import java.util.Objects;
import java.util.Set;

import dev.userbase.core.model.ChangeContext;

/**
 * The signed-in person making a request, as the Cognito authorizer vouched for them. Nothing about
 * the caller is ever taken from a request body or path.
 *
 * @param userId the Cognito {@code sub}
 * @param userName the Cognito user name (what Cognito admin calls address); the sub when the token has none
 * @param email the {@code email} claim, if the token carries one
 * @param givenName the {@code given_name} claim, if any
 * @param familyName the {@code family_name} claim, if any
 * @param groups the Cognito groups the user belongs to
 */
public record Caller(String userId, String userName, String email, String givenName, String familyName,
        Set<String> groups) {

    /** Members of this Cognito group may use the admin routes. */
    public static final String ADMIN_GROUP = "admin";

    public Caller {
        Objects.requireNonNull(userId, "userId");
        userName = userName == null || userName.isBlank() ? userId : userName;
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }

    public boolean isAdmin() {
        return groups.contains(ADMIN_GROUP);
    }

    /** The stamp this caller's writes carry under the request {@code requestId}. */
    public ChangeContext changeContext(String requestId) {
        return new ChangeContext(userId, requestId);
    }
}
