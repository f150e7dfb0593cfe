package dev.userbase.core.backfill;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.Keys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where a backfill of one user pool stands: {@code JOB#backfill#<userPoolId>} / {@code CHECKPOINT}
 * in the users table, written after every page. {@code paginationToken} is Cognito's token for the
 * next page ({@code null} before the first page and once the pool has been read to its end).
 *
 * @param finishedAt set once the last page has been provisioned; a later run starts again from the first page
 */
record BackfillCheckpoint(String userPoolId, String paginationToken, BackfillReport counts,
        Instant startedAt, Instant updatedAt, Instant finishedAt) {

    public static final String PK_PREFIX = "JOB#backfill#";
    public static final String SK = "CHECKPOINT";

    public static Map<String, AttributeValue> key(String userPoolId) {
        return Keys.key(PK_PREFIX + userPoolId, SK);
    }

    public boolean finished() {
        return finishedAt != null;
    }

    public Map<String, AttributeValue> toItem() {
        Map<String, AttributeValue> item = new HashMap<>(key(userPoolId));
        item.put("userPoolId", Attributes.s(userPoolId));
        Attributes.putIfPresent(item, "paginationToken", paginationToken);
        item.put("created", Attributes.n(counts.created()));
        item.put("alreadyPresent", Attributes.n(counts.alreadyPresent()));
        item.put("emailHeldByAnotherUser", Attributes.n(counts.emailHeldByAnotherUser()));
        item.put("skippedUnconfirmed", Attributes.n(counts.skippedUnconfirmed()));
        item.put("skippedDisabled", Attributes.n(counts.skippedDisabled()));
        item.put("skippedInvalid", Attributes.n(counts.skippedInvalid()));
        item.put("pages", Attributes.n(counts.pages()));
        Attributes.putIfPresent(item, "startedAt", startedAt);
        Attributes.putIfPresent(item, "updatedAt", updatedAt);
        Attributes.putIfPresent(item, "finishedAt", finishedAt);
        return item;
    }

    public static BackfillCheckpoint fromItem(Map<String, AttributeValue> item) {
        return new BackfillCheckpoint(
                Attributes.requiredString(item, "userPoolId"),
                Attributes.string(item, "paginationToken"),
                new BackfillReport(
                        Attributes.number(item, "created", 0),
                        Attributes.number(item, "alreadyPresent", 0),
                        Attributes.number(item, "emailHeldByAnotherUser", 0),
                        Attributes.number(item, "skippedUnconfirmed", 0),
                        Attributes.number(item, "skippedDisabled", 0),
                        Attributes.number(item, "skippedInvalid", 0),
                        Attributes.number(item, "pages", 0),
                        false),
                Attributes.instant(item, "startedAt"),
                Attributes.instant(item, "updatedAt"),
                Attributes.instant(item, "finishedAt"));
    }
}
