package dev.userbase.core.signup;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import dev.userbase.core.model.UserStatus;

/**
 * The claims PreTokenGeneration adds to a user's ID token.
 *
 * @param roles the profile's roles (empty for a user with none, or with no profile yet)
 * @param status the profile's status; ACTIVE for a user whose profile does not exist yet
 * @param profileFound false when the user has no profile yet
 */
public record TokenClaims(Set<String> roles, UserStatus status, boolean profileFound) {

    /** Claim names. Cognito's V1 trigger takes string values only, so roles is one string. */
    public static final String ROLES = "roles";
    public static final String STATUS = "status";

    public TokenClaims {
        roles = Set.copyOf(roles);
        Objects.requireNonNull(status, "status");
    }

    /**
     * {@code status}: the status name; {@code roles}: the roles sorted and comma-separated, left out
     * for a user with none (an absent claim reads as "no roles", and no empty claim value is sent
     * to Cognito).
     */
    public Map<String, String> asClaims() {
        return roles.isEmpty()
                ? Map.of(STATUS, status.name())
                : Map.of(ROLES, String.join(",", new TreeSet<>(roles)), STATUS, status.name());
    }
}
