package dev.userbase.core.social;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.storage.Projection;
import dev.userbase.core.storage.Table;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Display fields of many users at once (one {@code BatchGetItem} per page of a list), leaving out
 * users who deleted their account: deleted users are hidden from public reads.
 */
final class ProfileSummaries {

    private static final Projection FIELDS = Projection.of(
            UserProfile.USER_ID, UserProfile.DISPLAY_NAME, UserProfile.AVATAR_URL, UserProfile.STATUS);

    private final Table table;

    ProfileSummaries(DynamoDbClient dynamoDb, String table) {
        this.table = new Table(Objects.requireNonNull(dynamoDb, "dynamoDb"), Objects.requireNonNull(table, "table"));
    }

    /** Summaries of the visible users among {@code userIds}, by id. */
    Map<String, UserSummary> load(Collection<String> userIds) {
        Map<String, UserSummary> summaries = new HashMap<>();
        List<Map<String, AttributeValue>> keys = new LinkedHashSet<>(userIds).stream().map(UserProfile::key).toList();
        for (Map<String, AttributeValue> item : table.batchGetEventuallyConsistent(keys, FIELDS)) {
            if (!UserStatus.DELETED.name().equals(Attributes.string(item, UserProfile.STATUS))) {
                UserSummary summary = UserSummary.fromItem(item);
                summaries.put(summary.userId(), summary);
            }
        }
        return summaries;
    }
}
