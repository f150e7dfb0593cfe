package dev.userbase.core.events;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The EventBridge detail types the change stream publishes (the contract in events-schema/ and
 * docs/EVENTS.md). {@code audited} types also become audit entries of the user they concern.
 */
public enum DetailType {
    USER_CREATED("user.created", true),
    PROFILE_UPDATED("user.profile.updated", true),
    PREFERENCES_UPDATED("user.preferences.updated", true),
    STATUS_CHANGED("user.status.changed", true),
    ROLE_ASSIGNED("user.role.assigned", true),
    ROLE_REMOVED("user.role.removed", true),
    FOLLOWED("user.followed", false),
    UNFOLLOWED("user.unfollowed", false),
    DELETED("user.deleted", true),
    EMAIL_CHANGE_REQUESTED("user.email.change.requested", true),
    EMAIL_CHANGED("user.email.changed", true),
    EMAIL_CHANGE_EXPIRED("user.email.change.expired", true),
    SIGNUP_EXPIRED("user.signup.expired", false),
    /** Not audited under the user's id: the erasure's own audit entry is written under the pseudonym. */
    ERASED("user.erased", false);

    private static final Map<String, DetailType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(DetailType::wireName, Function.identity()));

    private final String wireName;
    private final boolean audited;

    DetailType(String wireName, boolean audited) {
        this.wireName = wireName;
        this.audited = audited;
    }

    /** The {@code DetailType} of the EventBridge entry, e.g. {@code user.created}. */
    public String wireName() {
        return wireName;
    }

    public boolean audited() {
        return audited;
    }

    public static DetailType fromWireName(String name) {
        DetailType type = BY_NAME.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown detail type " + name);
        }
        return type;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
