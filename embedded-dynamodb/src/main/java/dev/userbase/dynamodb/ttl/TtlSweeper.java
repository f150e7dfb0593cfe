package dev.userbase.dynamodb.ttl;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.table.Database;
import dev.userbase.dynamodb.table.Table;

/**
 * Deletes items past their TTL, as DynamoDB's own background process does: an item whose TTL
 * attribute is a number of epoch seconds in the past (by at least the configured delay, and not more
 * than five years, which DynamoDB ignores) is deleted by the service, and the stream's REMOVE record
 * carries the service's userIdentity.
 */
public final class TtlSweeper implements AutoCloseable {

    private static final long FIVE_YEARS_SECONDS = 5L * 365 * 24 * 60 * 60;

    private final Database db;
    private final Clock clock;
    private final Duration delay;
    private final ScheduledExecutorService executor;

    public TtlSweeper(Database db, Clock clock, Duration interval, Duration delay) {
        this.db = db;
        this.clock = clock;
        this.delay = delay;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-dynamodb-ttl");
            t.setDaemon(true);
            return t;
        });
        if (!interval.isZero()) {
            executor.scheduleWithFixedDelay(this::sweepQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // a table deleted under the sweep; the next round sees the new state
        }
    }

    /** One pass over every table with TTL enabled; returns how many items it deleted. */
    public int sweep() {
        int deleted = 0;
        for (Table table : db.tables()) {
            String attribute = table.schema().ttlAttribute();
            if (attribute == null) {
                continue;
            }
            List<Map<String, Value>> expired = new ArrayList<>();
            for (Map<String, Value> item : table.rows().values()) {
                if (expired(item, attribute)) {
                    expired.add(item);
                }
            }
            for (Map<String, Value> item : expired) {
                Map<String, Value> key = table.schema().keys().keyOfOrNull(item);
                try {
                    boolean gone = db.write(table, key, true, current -> current != null && expired(current, attribute)
                            ? Database.Change.delete(true) : Database.Change.none(false));
                    if (gone) {
                        deleted++;
                    }
                } catch (DynamoDbException e) {
                    // a transaction holds the item, or the table went: try again next round
                }
            }
        }
        return deleted;
    }

    private boolean expired(Map<String, Value> item, String attribute) {
        if (!(item.get(attribute) instanceof Value.N n)) {
            return false;
        }
        BigDecimal now = BigDecimal.valueOf(clock.millis()).movePointLeft(3);
        BigDecimal due = n.value().add(BigDecimal.valueOf(delay.toMillis()).movePointLeft(3));
        return due.compareTo(now) <= 0 && now.subtract(n.value()).compareTo(BigDecimal.valueOf(FIVE_YEARS_SECONDS)) <= 0;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
