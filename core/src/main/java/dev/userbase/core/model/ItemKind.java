package dev.userbase.core.model;

/** The kinds of item the users table holds. */
public enum ItemKind {
    PROFILE,
    PREFERENCES,
    EMAIL_RESERVATION,
    FOLLOW_EDGE,
    TOKEN,
    AUDIT_ENTRY,
    /** Where an audit entry names a person as its actor ({@link ActorLink}). */
    ACTOR_LINK,
    /** The tombstone of a deleted account ({@link ErasureRequest}). */
    ERASURE,
    /** A Cognito user an admin creation could not give a profile, to be deleted ({@link PoolOrphan}). */
    POOL_ORPHAN,
    /** Anything else (for example bookkeeping items of the stream consumers). */
    UNKNOWN
}
