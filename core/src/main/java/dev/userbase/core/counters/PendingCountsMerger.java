package dev.userbase.core.counters;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.PendingFollowCounts;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Folds {@link PendingFollowCounts} into a profile once it exists (the change stream calls this
 * when it sees a profile created). The profile's counts are set from what was read and the parked
 * item is deleted at the revision read, in one transaction, so a fold happens once and a delta
 * parked meanwhile is not lost (the transaction fails and is redone). Counts never go below zero.
 */
public final class PendingCountsMerger {

    private static final Logger LOG = LogManager.getLogger(PendingCountsMerger.class);
    private static final int MAX_ATTEMPTS = 5;

    private final DynamoDbClient dynamoDb;
    private final String table;

    public PendingCountsMerger(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** True if parked counts were folded into the profile; false if there were none (or no profile yet). */
    public boolean merge(String userId) {
        for (int attempt = 1; ; attempt++) {
            Optional<Map<String, AttributeValue>> parkedItem = read(PendingFollowCounts.key(userId));
            if (parkedItem.isEmpty()) {
                return false;
            }
            Optional<Map<String, AttributeValue>> profile = read(UserProfile.key(userId));
            if (profile.isEmpty()) {
                return false; // still no profile: the counts stay parked until it is created
            }
            PendingFollowCounts parked = PendingFollowCounts.fromItem(parkedItem.get());
            Optional<Long> followers = Attributes.optionalNumber(profile.get(), UserProfile.FOLLOWER_COUNT);
            Optional<Long> following = Attributes.optionalNumber(profile.get(), UserProfile.FOLLOWING_COUNT);
            Map<String, String> names = new HashMap<>(Map.of("#pk", UsersTable.PK,
                    "#fc", UserProfile.FOLLOWER_COUNT, "#gc", UserProfile.FOLLOWING_COUNT, "#cw", UserProfile.COUNT_WRITES));
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":one", Attributes.n(1));
            values.put(":f", Attributes.n(Math.max(0, followers.orElse(0L) + parked.followers())));
            values.put(":g", Attributes.n(Math.max(0, following.orElse(0L) + parked.following())));
            String condition = "attribute_exists(#pk)"
                    + followers.map(v -> {
                        values.put(":rf", Attributes.n(v));
                        return " AND #fc = :rf";
                    }).orElse(" AND attribute_not_exists(#fc)")
                    + following.map(v -> {
                        values.put(":rg", Attributes.n(v));
                        return " AND #gc = :rg";
                    }).orElse(" AND attribute_not_exists(#gc)");
            try {
                dynamoDb.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(
                        TransactWriteItem.builder().update(Update.builder()
                                .tableName(table)
                                .key(UserProfile.key(userId))
                                .updateExpression("SET #fc = :f, #gc = :g ADD #cw :one") // a counter write, as the pipeline's
                                .conditionExpression(condition)
                                .expressionAttributeNames(names)
                                .expressionAttributeValues(values)
                                .build()).build(),
                        TransactWriteItem.builder().delete(Delete.builder()
                                .tableName(table)
                                .key(PendingFollowCounts.key(userId))
                                .conditionExpression("#rev = :rev")
                                .expressionAttributeNames(Map.of("#rev", PendingFollowCounts.REVISION))
                                .expressionAttributeValues(Map.of(":rev", Attributes.n(parked.revision())))
                                .build()).build())
                        .build());
                LOG.info("folded parked follow counts ({}, {}) into the profile of {}",
                        parked.followers(), parked.following(), userId);
                return true;
            } catch (TransactionCanceledException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IllegalStateException("could not fold parked follow counts of " + userId, e);
                }
            }
        }
    }

    private Optional<Map<String, AttributeValue>> read(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamoDb.getItem(GetItemRequest.builder()
                .tableName(table).key(key).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }
}
