package dev.userbase.core.model;

/** Lifecycle of a user. Only ACTIVE users may change anything or receive tokens. */
public enum UserStatus {
    ACTIVE,
    SUSPENDED,
    DELETED
}
