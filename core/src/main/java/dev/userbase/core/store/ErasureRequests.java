package dev.userbase.core.store;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.ErasedAccount;
import dev.userbase.core.model.ErasureRequest;
import dev.userbase.core.model.Keys;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.storage.KeyCondition;
import dev.userbase.core.storage.Page;
import dev.userbase.core.storage.Projection;
import dev.userbase.core.storage.Query;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The tombstones of deleted accounts ({@link ErasureRequest}, {@code USER#<id>} / {@code ERASURE}) and
 * their transitions: PENDING (restorable until its TTL), ERASING (the cascade runs on its stream
 * records), gone (erased, or restored). Each write is conditional on the state it leaves, so a
 * repeated request or a redelivered record changes nothing.
 */
public final class ErasureRequests {

    private final Table table;

    public ErasureRequests(Table table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /** The tombstone (strongly consistent). */
    public Optional<ErasureRequest> find(String userId) {
        return table.get(ErasureRequest.key(userId)).map(ErasureRequest::fromItem);
    }

    /**
     * Writes {@code request} if the user has no tombstone: a deletion's PENDING one, or an ERASING
     * one put back when a PENDING one expired.
     *
     * @return false when a tombstone existed (kept as it was)
     */
    public boolean createIfAbsent(ErasureRequest request) {
        return put(request, Condition.notExists(UsersTable.PK));
    }

    /**
     * Writes an ERASING {@code request} unless an erasure is under way already: over no tombstone or
     * a PENDING one.
     *
     * @return false when an ERASING one existed
     */
    public boolean beginErasing(ErasureRequest request) {
        return put(request, Condition.notExists(UsersTable.PK)
                .or(Condition.eq(ErasureRequest.STATE, ErasureRequest.State.PENDING)));
    }

    /**
     * Deletes a PENDING tombstone whose grace period lasts at {@code now} (a restore).
     *
     * @return false when there is none, it is ERASING, or its grace period has ended
     */
    public boolean withdrawPending(String userId, Instant now) {
        try {
            table.delete(ErasureRequest.key(userId), Condition.eq(ErasureRequest.STATE, ErasureRequest.State.PENDING)
                    .and(Condition.after(ErasureRequest.EXPIRES_AT, now)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Bumps the tombstone's round: the write's stream record runs the cascade's next step.
     *
     * @return false when the tombstone is gone (the erasure ended)
     */
    public boolean nextRound(String userId) {
        try {
            table.update(ErasureRequest.key(userId), UpdateExpression.create().add(ErasureRequest.ROUND, 1),
                    Condition.exists(UsersTable.PK));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Adds {@code addresses} to those the tombstone records.
     *
     * @throws ConditionalCheckFailedException the tombstone is gone
     */
    public void recordAddresses(String userId, Set<String> addresses) {
        table.update(ErasureRequest.key(userId),
                UpdateExpression.create().add(ErasureRequest.ADDRESSES, Attributes.ss(addresses)),
                Condition.exists(UsersTable.PK));
    }

    /**
     * The keys of up to {@code limit} items of the user's partition ({@code USER#<id>}: profile,
     * preferences, tokens, edges, links, the tombstone itself), strongly consistent, for the erasure
     * that deletes them.
     */
    public Page partitionKeys(String userId, int limit) {
        return table.query(Query.of(KeyCondition.partition(UsersTable.PK, Keys.userPk(userId)))
                .project(Projection.of(UsersTable.PK, UsersTable.SK)).limit(limit));
    }

    /** Deletes an item of an erased user's partition. */
    public void deleteItem(Map<String, AttributeValue> key) {
        table.delete(key, null);
    }

    /**
     * Marks {@code userId} erased ({@link ErasedAccount}), expiring once no token issued before
     * {@code now} can still be presented.
     */
    public void markErased(String userId, Instant now) {
        table.put(ErasedAccount.item(userId, now));
    }

    /**
     * Those of {@code userIds} whose erasure has reached its audit trail ({@link #markErased} is
     * written before the trail moves), strongly consistent, in one BatchGetItem per hundred ids.
     * An expired marker still counts: it only says the account is gone.
     */
    public Set<String> erasedAmong(Collection<String> userIds) {
        Map<Map<String, AttributeValue>, String> byKey = new LinkedHashMap<>();
        userIds.forEach(userId -> byKey.put(ErasedAccount.key(userId), userId));
        Set<String> erased = new TreeSet<>();
        for (Map<String, AttributeValue> item : table.batchGet(List.copyOf(byKey.keySet()),
                Projection.of(UsersTable.PK, UsersTable.SK))) {
            erased.add(byKey.get(Keys.key(Attributes.string(item, UsersTable.PK), Attributes.string(item, UsersTable.SK))));
        }
        return erased;
    }

    /** Whether {@code userId}'s erasure has reached its audit trail (strongly consistent; see {@link #erasedAmong}). */
    public boolean trailMoving(String userId) {
        return table.get(ErasedAccount.key(userId), Projection.of(UsersTable.PK)).isPresent();
    }

    /** Whether {@code userId} was erased lately (a token presented for it is older than its erasure). */
    public boolean erasedLately(String userId, Instant now) {
        return table.get(ErasedAccount.key(userId))
                .filter(item -> Attributes.number(item, ErasedAccount.EXPIRES_AT, 0) > now.getEpochSecond())
                .isPresent();
    }

    /** Deletes the tombstone (the erasure's last write). */
    public void delete(String userId) {
        table.delete(ErasureRequest.key(userId), null);
    }

    private boolean put(ErasureRequest request, Condition condition) {
        try {
            table.put(request.toItem(), condition);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
