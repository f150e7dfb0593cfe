package dev.userbase.core.social;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Display fields of many users at once (one {@code BatchGetItem} per page of a list), leaving out
 * users who deleted their account: deleted users are hidden from public reads.
 */
final class ProfileSummaries {

    static final int MAX_KEYS = 100;
    private static final int MAX_ATTEMPTS = 5;

    private final DynamoDbClient dynamoDb;
    private final String table;

    ProfileSummaries(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** Summaries of the visible users among {@code userIds}, by id. */
    Map<String, UserSummary> load(Collection<String> userIds) {
        Map<String, UserSummary> summaries = new HashMap<>();
        List<String> ids = List.copyOf(new LinkedHashSet<>(userIds));
        for (int start = 0; start < ids.size(); start += MAX_KEYS) {
            List<Map<String, AttributeValue>> keys = ids.subList(start, Math.min(ids.size(), start + MAX_KEYS))
                    .stream().map(UserProfile::key).toList();
            for (Map<String, AttributeValue> item : batchGet(keys)) {
                if (!UserStatus.DELETED.name().equals(Attributes.string(item, UserProfile.STATUS))) {
                    UserSummary summary = UserSummary.fromItem(item);
                    summaries.put(summary.userId(), summary);
                }
            }
        }
        return summaries;
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                .keys(keys)
                .projectionExpression("#userId, #displayName, #avatarUrl, #status")
                .expressionAttributeNames(Map.of(
                        "#userId", UserProfile.USER_ID,
                        "#displayName", UserProfile.DISPLAY_NAME,
                        "#avatarUrl", UserProfile.AVATAR_URL,
                        "#status", UserProfile.STATUS))
                .build());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && !request.isEmpty(); attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            BatchGetItemResponse response = dynamoDb.batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
            items.addAll(response.responses().getOrDefault(table, List.of()));
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        if (!request.isEmpty()) {
            throw new UserServiceException(ErrorKind.UNAVAILABLE, "The user directory is busy; please try again");
        }
        return items;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(200, 10L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserServiceException(ErrorKind.UNAVAILABLE, "Interrupted; please try again");
        }
    }
}
