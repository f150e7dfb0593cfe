package dev.userbase.core.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.ChangeToken;
import dev.userbase.core.model.Keys;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.storage.KeyCondition;
import dev.userbase.core.storage.Query;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The one-time tokens of a user ({@code USER#<sub>} / {@code TOKEN#<kind>#<hash>}): written once,
 * consumed once ({@link #CONSUMED_AT}), deleted by their TTL or when their change is withdrawn.
 */
public final class ChangeTokens {

    /** When the token was used; a consumed token is kept until its TTL so a repeated confirmation is recognised. */
    public static final String CONSUMED_AT = "consumedAt";

    private final Table table;

    public ChangeTokens(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /** A stored token and whether it was used. */
    public record Stored(ChangeToken token, boolean consumed) {
    }

    public Optional<Stored> find(Map<String, AttributeValue> key) {
        return table.get(key, item -> new Stored(ChangeToken.fromItem(item), item.containsKey(CONSUMED_AT)));
    }

    /** A transaction item that writes a new token (its hash is its key: never overwrites one). */
    public TransactWriteItem create(ChangeToken token, ChangeContext context) {
        return table.putItem(context.stamp(token.toItem()), Condition.notExists(UsersTable.PK));
    }

    /** A transaction item that marks the token used; holds only if it exists and was not used yet. */
    public TransactWriteItem consume(Map<String, AttributeValue> key, Instant now, ChangeContext context) {
        return table.updateItem(key, UpdateExpression.create().set(CONSUMED_AT, now).stamp(context),
                Condition.exists(UsersTable.PK).and(Condition.notExists(CONSUMED_AT)));
    }

    /** Every token of {@code kind} the user holds, read strongly consistent. */
    public List<ChangeToken> ofKind(String userId, ChangeToken.Kind kind) {
        List<ChangeToken> tokens = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.queryAll(Query.of(
                KeyCondition.partition(UsersTable.PK, Keys.userPk(userId))
                        .sortBeginsWith(UsersTable.SK, Keys.TOKEN_PREFIX + kind.name() + "#")))) {
            tokens.add(ChangeToken.fromItem(item));
        }
        return tokens;
    }

    public void delete(ChangeToken token) {
        table.delete(token.key(), null);
    }
}
