package dev.userbase.core.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.VersionCondition;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.UpdateExpression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** A user's preferences item ({@code USER#<sub>} / {@code PREFERENCES}): saved whole, versioned. */
public final class Preferences {

    private final Table table;

    public Preferences(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    public Optional<UserPreferences> find(String userId) {
        return table.get(UserPreferences.key(userId), UserPreferences::fromItem);
    }

    /**
     * Replaces the preferences with {@code json} if {@code precondition} admits the current version
     * (0 when none were saved yet); the version grows by one.
     *
     * @return {@link Versioned.Written} or {@link Versioned.Stale} (the current preferences; version 0 if none)
     */
    public Versioned<UserPreferences> save(String userId, String json, Instant now, VersionCondition precondition,
            ChangeContext context) {
        UpdateExpression update = UpdateExpression.create()
                .set(UserPreferences.USER_ID, userId)
                .set(UserPreferences.JSON, json)
                .increment(UserPreferences.VERSION, 1)
                .set(UserPreferences.UPDATED_AT, now)
                .stamp(context);
        try {
            return new Versioned.Written<>(UserPreferences.fromItem(table.update(UserPreferences.key(userId), update,
                    Versioned.condition(precondition, UserPreferences.VERSION), ReturnValue.ALL_NEW)));
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            long current = old.isEmpty() ? 0 : Attributes.number(old, UserPreferences.VERSION, 0);
            if (Versioned.isOwnRetriedWrite(old, current, precondition, context)
                    && json.equals(Attributes.string(old, UserPreferences.JSON))) {
                return new Versioned.Written<>(UserPreferences.fromItem(old));
            }
            return new Versioned.Stale<>(old.isEmpty() ? null : UserPreferences.fromItem(old), current);
        }
    }
}
