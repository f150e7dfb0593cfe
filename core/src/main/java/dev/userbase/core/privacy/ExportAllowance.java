package dev.userbase.core.privacy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import dev.userbase.core.error.RateLimitedException;
import dev.userbase.core.model.Attributes;
import dev.userbase.core.model.Keys;
import dev.userbase.core.storage.Condition;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.UpdateExpression;
import dev.userbase.core.table.UsersTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * How many exports a user has started in the current window: {@code USER#<sub>} / {@code RATE#EXPORT},
 * a fixed window ({@code windowStart}, {@code count}) that expires through the table's TTL when the
 * window ends. Taking an export is one conditional write: count one more inside the window if the
 * allowance is not used up, or start a new window if the old one is over; if neither condition
 * holds the caller gets a 429 saying when the window ends. The stream consumers ignore the item
 * ({@link dev.userbase.core.model.ItemKind#UNKNOWN}).
 */
final class ExportAllowance {

    static final String SK = "RATE#EXPORT";
    static final String WINDOW_START = "windowStart";
    static final String COUNT = "exports";
    static final String EXPIRES_AT = UsersTable.TTL_ATTRIBUTE;

    private final Table table;
    private final int perWindow;
    private final Duration window;

    ExportAllowance(DynamoDbClient dynamoDb, String table, int perWindow, Duration window) {
        this.table = new Table(dynamoDb, table);
        this.perWindow = perWindow;
        this.window = Objects.requireNonNull(window, "window");
    }

    static Map<String, AttributeValue> key(String userId) {
        return Keys.key(Keys.userPk(userId), SK);
    }

    /**
     * Counts one export of {@code userId} at {@code now}.
     *
     * @throws RateLimitedException the allowance of the current window is used up
     */
    void take(String userId, Instant now) {
        long nowSeconds = now.getEpochSecond();
        AttributeValue cutoff = Attributes.n(nowSeconds - window.toSeconds());
        try {
            // one more inside an open window that is not used up
            table.update(key(userId), UpdateExpression.create().add(COUNT, 1),
                    Condition.gt(WINDOW_START, cutoff).and(Condition.lt(COUNT, Attributes.n(perWindow))));
            return;
        } catch (ConditionalCheckFailedException insideFullWindowOrNone) {
            // either no window is open (start one below) or this one is used up
        }
        try {
            table.update(key(userId), UpdateExpression.create()
                            .set(WINDOW_START, nowSeconds)
                            .set(COUNT, 1)
                            .set(EXPIRES_AT, nowSeconds + window.toSeconds()),
                    Condition.notExists(WINDOW_START).or(Condition.le(WINDOW_START, cutoff)));
        } catch (ConditionalCheckFailedException e) {
            long start = e.hasItem() ? Attributes.number(e.item(), WINDOW_START, nowSeconds) : nowSeconds;
            throw new RateLimitedException("At most " + perWindow + " exports may be started per "
                    + describe(window) + "; try again later", Duration.ofSeconds(start + window.toSeconds() - nowSeconds));
        }
    }

    private static String describe(Duration window) {
        if (window.toHours() > 0 && window.toMinutesPart() == 0 && window.toSecondsPart() == 0) {
            return window.toHours() == 1 ? "hour" : window.toHours() + " hours";
        }
        return window.toSeconds() + " seconds";
    }
}
