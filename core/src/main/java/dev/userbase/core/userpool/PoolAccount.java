package dev.userbase.core.userpool;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the user pool holds about a user that an export reports: their attributes (as
 * Cognito stores them, {@code sub} and {@code email} included), their groups and account state.
 * Passwords and MFA secrets are never readable through the admin API, so they cannot appear here.
 */
public record PoolAccount(String userName, Map<String, String> attributes, List<String> groups, boolean enabled,
        String status) {

    public PoolAccount {
        Objects.requireNonNull(userName, "userName");
        attributes = Map.copyOf(new TreeMap<>(attributes));
        groups = groups.stream().sorted().toList();
    }
}
