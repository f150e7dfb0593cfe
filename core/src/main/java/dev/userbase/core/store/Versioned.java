package dev.userbase.core.store;

import java.util.List;
import java.util.Map;

import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.VersionCondition;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The outcome of a write of a versioned item (a profile edit, saved preferences) under an
 * optimistic-concurrency precondition ({@link VersionCondition}, an HTTP {@code If-Match}).
 *
 * @param <T> the item type
 */
public sealed interface Versioned<T> {

    /** Written (or found written by this very request: the SDK's retry of a write whose answer was lost). */
    record Written<T>(T item) implements Versioned<T> {
    }

    /** The precondition refused it; {@code current} is the item as it is (null if absent), at {@code version} (0 if absent). */
    record Stale<T>(T current, long version) implements Versioned<T> {
    }

    /** There is no such item (and the write may not create it). */
    record Missing<T>() implements Versioned<T> {
    }

    /** The condition that {@code precondition} puts on the item's {@code versionAttribute} (null: none). */
    static Condition condition(VersionCondition precondition, String versionAttribute) {
        return switch (precondition.kind()) {
            case NONE -> null;
            case EXISTS -> Condition.exists(UsersTable.PK);
            case ONE_OF -> {
                List<AttributeValue> versions = precondition.versions().stream().sorted()
                        .map(v -> AttributeValue.fromN(Long.toString(v))).toList();
                Condition in = Condition.in(versionAttribute, versions);
                yield precondition.versions().contains(0L) ? Condition.notExists(UsersTable.PK).or(in) : in;
            }
        };
    }

    /**
     * True if the item that failed a write's version condition is that very write: stamped by this
     * request, one version past what the request required. The SDK retries a write whose answer was
     * lost (a 500 from DynamoDB after it committed); the retry meets the version the first attempt
     * made, and must not turn the caller's success into a 412. The caller checks that the item also
     * holds the written values.
     */
    static boolean isOwnRetriedWrite(Map<String, AttributeValue> old, long version, VersionCondition precondition,
            ChangeContext context) {
        return precondition.kind() == VersionCondition.Kind.ONE_OF && version > 0 && precondition.admits(version - 1)
                && context.equals(ChangeContext.of(old));
    }
}
