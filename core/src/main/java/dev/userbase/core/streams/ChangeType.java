package dev.userbase.core.streams;

/** What happened to an item, as DynamoDB Streams names it ({@code eventName}). */
public enum ChangeType {
    INSERT,
    MODIFY,
    REMOVE
}
