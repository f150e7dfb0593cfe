package dev.userbase.core.model;

/** The kinds of item the users table holds. */
public enum ItemKind {
    PROFILE,
    PREFERENCES,
    EMAIL_RESERVATION,
    FOLLOW_EDGE,
    TOKEN,
    AUDIT_ENTRY,
    /** The tombstone of a deleted account ({@code dev.userbase.core.privacy.ErasureRequest}). */
    ERASURE,
    /** Anything else (for example bookkeeping items of the stream consumers). */
    UNKNOWN
}
