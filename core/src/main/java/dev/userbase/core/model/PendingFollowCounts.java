package dev.userbase.core.model;

import java.time.Instant;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Follow-count deltas of a user who has no profile: {@code USER#<id>} / {@code COUNTS#PENDING}.
 * A counter write never creates a profile; a follow edge recorded before its user's profile exists
 * (an import, a profile created late) parks its delta here instead of losing it, and the change
 * stream folds it into the profile when the profile is created ({@code counters.PendingCountsMerger}).
 * {@code revision} grows with every write, so the fold deletes exactly what it read.
 */
public record PendingFollowCounts(String userId, long followers, long following, long revision, Instant updatedAt) {

    public static final String SK = "COUNTS#PENDING";
    public static final String USER_ID = "userId";
    public static final String FOLLOWERS = "followerDelta";
    public static final String FOLLOWING = "followingDelta";
    public static final String REVISION = "revision";
    public static final String UPDATED_AT = "updatedAt";

    public static Map<String, AttributeValue> key(String userId) {
        return Keys.key(Keys.userPk(userId), SK);
    }

    public static PendingFollowCounts fromItem(Map<String, AttributeValue> item) {
        return new PendingFollowCounts(
                Attributes.requiredString(item, USER_ID),
                Attributes.number(item, FOLLOWERS, 0),
                Attributes.number(item, FOLLOWING, 0),
                Attributes.number(item, REVISION, 0),
                Attributes.instant(item, UPDATED_AT));
    }
}
