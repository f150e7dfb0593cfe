package dev.userbase.dynamodb.streams;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

import dev.userbase.dynamodb.DynamoDbException;

/**
 * One stream of a table (one stream label): its shards and their records, kept for 24 hours. Shards
 * roll over after a number of records or an age when the engine is configured so, as DynamoDB's do
 * every few hours, so that consumers' parent-before-child ordering is exercised.
 *
 * <p>Records are appended under the engine's commit lock, in sequence-number order; every method
 * here synchronises on the log itself, briefly.
 */
public final class StreamLog {

    public static final long RETENTION_MILLIS = 24L * 60 * 60 * 1000;
    public static final long ITERATOR_LIFETIME_MILLIS = 15L * 60 * 1000;

    /** A shard as DescribeStream lists it; endingSequence is -1 while the shard is open. */
    public record ShardInfo(String shardId, String parentShardId, long startingSequence, long endingSequence) {
    }

    /** What GetRecords answers: records and the iterator for the next call (null once a closed shard is read to its end). */
    public record Batch(List<StreamRecord> records, String nextIterator) {
    }

    private final String arn;
    private final String label;
    private final String tableName;
    private final String viewType;
    private final double createdAt;
    private final Clock clock;
    private final StreamSettings settings;
    private final List<Shard> shards = new ArrayList<>();
    private boolean enabled = true;
    /** The table's key attribute names when the stream was opened (range null for a hash-only table; both null if unknown). */
    private volatile String hashKey;
    private volatile String rangeKey;
    private long disabledAtMillis;

    public StreamLog(String arn, String label, String tableName, String viewType, double createdAt, Clock clock,
            StreamSettings settings, long firstSequence, long createdAtMillis) {
        this.arn = arn;
        this.label = label;
        this.tableName = tableName;
        this.viewType = viewType;
        this.createdAt = createdAt;
        this.clock = clock;
        this.settings = settings;
        shards.add(new Shard(shardId(0, createdAtMillis), null, firstSequence, createdAtMillis));
    }

    /** A shard with its records, for snapshots. */
    public record ShardState(String id, String parentId, long startSequence, long endSequence, long createdAtMillis,
            List<StreamRecord> records) {
    }

    /** The stream as a snapshot keeps it. */
    public record State(String arn, String label, String tableName, String viewType, double createdAt, boolean enabled,
            long disabledAtMillis, List<ShardState> shards) {
    }

    public synchronized State export() {
        List<ShardState> list = new ArrayList<>();
        for (Shard s : shards) {
            list.add(new ShardState(s.id, s.parentId, s.startSequence, s.endSequence, s.createdAtMillis,
                    List.copyOf(s.records)));
        }
        return new State(arn, label, tableName, viewType, createdAt, enabled, disabledAtMillis, list);
    }

    public static StreamLog restore(State state, Clock clock, StreamSettings settings) {
        StreamLog log = new StreamLog(state.arn(), state.label(), state.tableName(), state.viewType(), state.createdAt(),
                clock, settings, 0, 0);
        log.shards.clear();
        for (ShardState s : state.shards()) {
            Shard shard = new Shard(s.id(), s.parentId(), s.startSequence(), s.createdAtMillis());
            shard.endSequence = s.endSequence();
            shard.records.addAll(s.records());
            // what was trimmed before the snapshot is known only up to the first record kept
            shard.trimmedThrough = s.records().isEmpty() ? Math.max(shard.trimmedThrough, s.endSequence())
                    : s.records().get(0).sequence() - 1;
            log.shards.add(shard);
        }
        log.enabled = state.enabled();
        log.disabledAtMillis = state.disabledAtMillis();
        return log;
    }

    public String arn() {
        return arn;
    }

    public String label() {
        return label;
    }

    public String tableName() {
        return tableName;
    }

    /**
     * Remembers the key schema of the stream's table, which DescribeStream shows after the table is
     * deleted or re-created with other keys. Not kept in snapshots: a stream restored from one is told
     * again while its table exists.
     */
    public void keys(String hash, String range) {
        this.hashKey = hash;
        this.rangeKey = range;
    }

    /** The table's partition key name, or null when not known (a deleted table's stream restored from a snapshot). */
    public String hashKey() {
        return hashKey;
    }

    /** The table's sort key name, or null. */
    public String rangeKey() {
        return rangeKey;
    }

    public String viewType() {
        return viewType;
    }

    public double createdAt() {
        return createdAt;
    }

    public synchronized boolean enabled() {
        return enabled;
    }

    /** Whether the stream is still readable: enabled, or disabled less than 24 hours ago. */
    public synchronized boolean retained(long nowMillis) {
        return enabled || nowMillis - disabledAtMillis < RETENTION_MILLIS;
    }

    private String shardId(int index, long millis) {
        // DynamoDB's shape: shardId-<20 digits>-<8 hex>; unique per stream and ordered by creation
        return String.format("shardId-%020d-%08x", millis, (label.hashCode() * 31 + index) & 0xffffffffL);
    }

    /** Appends a record; rolls the open shard over first when it is due. */
    public synchronized void append(StreamRecord record) {
        if (!enabled) {
            return;
        }
        Shard open = shards.get(shards.size() - 1);
        long now = record.createdAtMillis();
        boolean full = settings.recordsPerShard() > 0 && open.records.size() >= settings.recordsPerShard();
        boolean old = settings.shardLifetimeMillis() > 0 && now - open.createdAtMillis >= settings.shardLifetimeMillis()
                && !open.records.isEmpty();
        if (full || old) {
            open.endSequence = open.lastSequence();
            Shard child = new Shard(shardId(shards.size(), now), open.id, record.sequence(), now);
            shards.add(child);
            open = child;
        }
        open.records.add(record);
        trim(now);
    }

    /** Closes the open shard and stops taking records (the table's stream was disabled or the table deleted). */
    public synchronized void disable(long nowMillis) {
        if (!enabled) {
            return;
        }
        enabled = false;
        disabledAtMillis = nowMillis;
        Shard open = shards.get(shards.size() - 1);
        open.endSequence = open.lastSequence();
    }

    /** Drops records older than the retention period, and closed shards left empty by it. */
    public synchronized void trim(long nowMillis) {
        for (Iterator<Shard> it = shards.iterator(); it.hasNext();) {
            Shard shard = it.next();
            int drop = 0;
            while (drop < shard.records.size()
                    && nowMillis - shard.records.get(drop).createdAtMillis() >= RETENTION_MILLIS) {
                drop++;
            }
            if (drop > 0) {
                shard.trimmedThrough = shard.records.get(drop - 1).sequence();
                shard.records.subList(0, drop).clear();
            }
            if (shard.closed() && shard.records.isEmpty() && nowMillis - shard.createdAtMillis >= RETENTION_MILLIS
                    && shards.size() > 1) {
                it.remove();
            }
        }
    }

    public synchronized String status() {
        return enabled ? "ENABLED" : "DISABLED";
    }

    public synchronized List<ShardInfo> shards() {
        trim(clock.millis());
        List<ShardInfo> list = new ArrayList<>();
        for (Shard s : shards) {
            list.add(new ShardInfo(s.id, s.parentId, s.startSequence, s.closed() ? s.endSequence : -1));
        }
        return list;
    }

    /** A new iterator; {@code sequence} for AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER. */
    public synchronized String iterator(String shardId, String type, String sequence) {
        trim(clock.millis());
        Shard shard = shard(shardId);
        long after;
        switch (type) {
            case "TRIM_HORIZON":
                // before everything the shard ever held: a read starts at the oldest record still kept
                after = shard.startSequence - 1;
                break;
            case "LATEST":
                after = shard.lastSequence();
                break;
            case "AT_SEQUENCE_NUMBER":
            case "AFTER_SEQUENCE_NUMBER": {
                if (sequence == null) {
                    throw DynamoDbException.validation("Must specify a sequence number for iterator type " + type);
                }
                long s = StreamRecord.parseSequence(sequence);
                if (s < 0) {
                    throw DynamoDbException.validation("Invalid SequenceNumber: " + sequence);
                }
                if (s < shard.startSequence || (shard.closed() && s > shard.endSequence)) {
                    throw DynamoDbException.validation("Invalid SequenceNumber: " + sequence + " for shard " + shardId
                            + " in stream " + arn);
                }
                if (s <= shard.trimmedThrough) {
                    throw DynamoDbException.of("TrimmedDataAccessException",
                            "Data is no longer available: the sequence number " + sequence + " is beyond the trim horizon");
                }
                after = type.equals("AT_SEQUENCE_NUMBER") ? s - 1 : s;
                break;
            }
            default:
                throw DynamoDbException.validation("1 validation error detected: Value '" + type
                        + "' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: "
                        + "[AFTER_SEQUENCE_NUMBER, LATEST, AT_SEQUENCE_NUMBER, TRIM_HORIZON]");
        }
        return encode(shard.id, after, clock.millis());
    }

    /** The records after an iterator's position, at most {@code limit}. */
    public synchronized Batch read(String shardId, long after, long issuedAt, int limit) {
        long now = clock.millis();
        if (now - issuedAt >= ITERATOR_LIFETIME_MILLIS) {
            throw DynamoDbException.of("ExpiredIteratorException", "Iterator expired. The iterator was created at time "
                    + java.time.Instant.ofEpochMilli(issuedAt) + " while right now it is " + java.time.Instant.ofEpochMilli(now)
                    + " which is further in the future than the tolerated delay of 900000 milliseconds.");
        }
        trim(now);
        Shard shard = shardOrTrimmed(shardId);
        if (after >= shard.startSequence && after < shard.trimmedThrough) {
            throw DynamoDbException.of("TrimmedDataAccessException",
                    "Data is no longer available: the iterator points behind the trim horizon");
        }
        int from = shard.indexAfter(after);
        int to = Math.min(shard.records.size(), from + limit);
        List<StreamRecord> out = new ArrayList<>(shard.records.subList(from, to));
        long position = out.isEmpty() ? after : out.get(out.size() - 1).sequence();
        String next;
        if (shard.closed() && position >= shard.endSequence) {
            next = null;
        } else {
            next = encode(shard.id, position, now);
        }
        return new Batch(out, next);
    }

    private Shard shard(String shardId) {
        for (Shard s : shards) {
            if (s.id.equals(shardId)) {
                return s;
            }
        }
        throw DynamoDbException.resourceNotFound("Requested resource not found: Shard does not exist");
    }

    private Shard shardOrTrimmed(String shardId) {
        for (Shard s : shards) {
            if (s.id.equals(shardId)) {
                return s;
            }
        }
        throw DynamoDbException.of("TrimmedDataAccessException", "Data is no longer available: the shard was trimmed");
    }

    // ----- iterators: opaque to clients, self-describing to us

    /** A decoded iterator. */
    public record Position(String streamArn, String shardId, long after, long issuedAt) {
    }

    private String encode(String shardId, long after, long issuedAt) {
        String raw = arn + "|" + shardId + "|" + after + "|" + issuedAt;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static Position decode(String iterator) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(iterator), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|");
            if (parts.length != 4) {
                throw new IllegalArgumentException();
            }
            return new Position(parts[0], parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]));
        } catch (IllegalArgumentException e) {
            throw DynamoDbException.validation("Invalid ShardIterator");
        }
    }
}
