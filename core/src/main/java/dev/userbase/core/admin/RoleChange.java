package dev.userbase.core.admin;

import java.util.Set;

/**
 * A user's roles after an assign or remove.
 *
 * @param changed false if the role was already assigned (or already absent): nothing was written
 */
public record RoleChange(String userId, Set<String> roles, boolean changed) {

    public RoleChange {
        roles = Set.copyOf(roles);
    }
}
