package dev.userbase.core.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A Cognito user that {@code POST /users} created but could not give a profile (its address turned out
 * to be held by another account): {@code USER#<sub>} / {@value #SK}. The admin API disables the user at
 * once and writes this marker, already expired; the change stream sees DynamoDB's TTL delete it and
 * deletes the Cognito user if it is still what the marker names (ExpiryCleanup). So the change stream
 * function is the only one that may call AdminDeleteUser.
 *
 * @param userId the Cognito user's sub
 * @param userName what Cognito admin calls address it by
 * @param createdAt when the creation gave up on it (also when the marker expires)
 */
public record PoolOrphan(String userId, String userName, Instant createdAt) {

    public static final String SK = Keys.POOL_ORPHAN_SK;
    public static final String USER_NAME = "userName";
    public static final String CREATED_AT = "createdAt";
    public static final String EXPIRES_AT = UsersTable.TTL_ATTRIBUTE;

    public PoolOrphan {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public static Map<String, AttributeValue> key(String userId) {
        return Keys.key(Keys.userPk(userId), SK);
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key(userId));
        item.put(USER_NAME, Attributes.s(userName));
        item.put(CREATED_AT, Attributes.time(createdAt));
        item.put(EXPIRES_AT, Attributes.epochSeconds(createdAt));
        return item;
    }

    public static PoolOrphan fromItem(Map<String, AttributeValue> item) {
        return new PoolOrphan(Keys.userIdOf(Attributes.requiredString(item, UsersTable.PK)),
                Attributes.requiredString(item, USER_NAME), Attributes.instant(item, CREATED_AT));
    }
}
