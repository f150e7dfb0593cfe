package dev.userbase.dynamodb.table;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import dev.userbase.dynamodb.DynamoDbException;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.persist.Journal;
import dev.userbase.dynamodb.persist.Mutation;
import dev.userbase.dynamodb.streams.StreamLog;
import dev.userbase.dynamodb.streams.StreamRecord;
import dev.userbase.dynamodb.streams.StreamSettings;

/**
 * The engine's state: tables, their rows and indexes, their streams. Reads take no lock. Every change
 * is made under one write lock, journalled first, then applied by {@link #apply}, the same method
 * recovery replays, so the state after a restart is the state that was acknowledged.
 *
 * <p>Transactions run in two steps, as DynamoDB's do: the first checks their conditions and marks
 * their items, the second applies the writes. A write or another transaction that touches a marked
 * item in between is refused with a transaction conflict, so concurrent transactions on one item
 * behave as they do against DynamoDB.
 */
public final class Database implements AutoCloseable {

    public static final String ACCOUNT = "000000000000";
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final long TOKEN_LIFETIME_MILLIS = 10 * 60 * 1000;

    /** What a write function decides for an item: its new state (null deletes) and the result to hand back. */
    public record Change<R>(boolean write, Map<String, Value> item, R result) {
        public static <R> Change<R> put(Map<String, Value> item, R result) {
            return new Change<>(true, item, result);
        }

        public static <R> Change<R> delete(R result) {
            return new Change<>(true, null, result);
        }

        public static <R> Change<R> none(R result) {
            return new Change<>(false, null, result);
        }
    }

    /** An item a transaction touches. */
    public record ItemRef(String tableId, RowKey key) {
    }

    private record Token(String fingerprint, long atMillis) {
    }

    private final Clock clock;
    private final String region;
    private final StreamSettings streamSettings;
    private Journal journal;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentHashMap<String, Table> tables = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Table> tablesById = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StreamLog> streams = new ConcurrentHashMap<>();
    private final Map<ItemRef, Long> marked = new HashMap<>();
    private final Map<String, Token> tokens = new HashMap<>();
    private long nextSequence = 1;
    private long nextTransaction = 1;

    public Database(Clock clock, String region, StreamSettings streamSettings, Journal journal) {
        this.clock = clock;
        this.region = region;
        this.streamSettings = streamSettings;
        this.journal = journal;
    }

    public Clock clock() {
        return clock;
    }

    public String region() {
        return region;
    }

    /** Swaps the journal (recovery replays with none, then hands over to the durable one). */
    public void journal(Journal newJournal) {
        lock.lock();
        try {
            this.journal = newJournal;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- catalog

    public Table table(String name) {
        Table t = tables.get(name);
        if (t == null) {
            throw DynamoDbException.resourceNotFound("Table", name);
        }
        return t;
    }

    public Optional<Table> findTable(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /** Tables by name, in name order. */
    public Collection<Table> tables() {
        return new TreeMap<>(tables).values();
    }

    public String tableArn(String name) {
        return "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + name;
    }

    /**
     * The label of a new stream of {@code tableName}: the time it is created, a millisecond later than
     * any stream of that table already has, so that a clock that stands still (a test's) or a table
     * re-created within the millisecond never gives two streams one ARN.
     */
    public String newStreamLabel(String tableName) {
        String prefix = tableArn(tableName) + "/stream/";
        long millis = clock.millis();
        String label = streamLabel(millis);
        while (streams.containsKey(prefix + label)) {
            label = streamLabel(++millis);
        }
        return label;
    }

    private static String streamLabel(long millis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC).format(LABEL);
    }

    public TableSchema createTable(Function<String, TableSchema> build, String name) {
        lock.lock();
        try {
            if (tables.containsKey(name)) {
                throw DynamoDbException.resourceInUse("Table already exists: " + name);
            }
            TableSchema schema = build.apply(UUID.randomUUID().toString());
            commit(new Mutation.CreateTable(schema));
            return schema;
        } finally {
            lock.unlock();
        }
    }

    /** Changes a table's schema; {@code change} runs under the write lock and may refuse with an exception. */
    public TableSchema updateTable(String name, UnaryOperator<TableSchema> change) {
        lock.lock();
        try {
            Table t = table(name);
            TableSchema updated = change.apply(t.schema());
            if (!updated.equals(t.schema())) {
                commit(new Mutation.UpdateTable(updated, clock.millis()));
            }
            return updated;
        } finally {
            lock.unlock();
        }
    }

    public TableSchema deleteTable(String name, java.util.function.Consumer<TableSchema> check) {
        lock.lock();
        try {
            Table t = table(name);
            check.accept(t.schema());
            commit(new Mutation.DeleteTable(t.id(), clock.millis()));
            return t.schema();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- streams

    public Optional<StreamLog> stream(String arn) {
        StreamLog log = streams.get(arn);
        if (log != null && !log.retained(clock.millis())) {
            streams.remove(arn, log);
            return Optional.empty();
        }
        return Optional.ofNullable(log);
    }

    /** Every stream still readable, newest label last within a table. */
    public List<StreamLog> streams() {
        List<StreamLog> list = new ArrayList<>();
        for (Iterator<StreamLog> it = streams.values().iterator(); it.hasNext();) {
            StreamLog log = it.next();
            if (log.retained(clock.millis())) {
                list.add(log);
            } else {
                it.remove();
            }
        }
        list.sort((a, b) -> a.arn().compareTo(b.arn()));
        return list;
    }

    // ---------------------------------------------------------------- items

    public Map<String, Value> get(Table table, RowKey key) {
        return table.get(key);
    }

    /**
     * Reads, decides and writes one item atomically. {@code decide} gets the current item (null when
     * absent) and may throw to refuse (a failed condition).
     */
    public <R> R write(Table table, Map<String, Value> key, boolean service, Function<Map<String, Value>, Change<R>> decide) {
        lock.lock();
        try {
            Table live = liveTable(table);
            RowKey rowKey = live.rowKey(key);
            if (marked.containsKey(new ItemRef(live.id(), rowKey))) {
                throw DynamoDbException.of("TransactionConflictException", "Transaction is ongoing for the item");
            }
            Map<String, Value> old = live.get(rowKey);
            Change<R> change = decide.apply(old);
            if (change.write() && !Objects.equals(old, change.item())) {
                commit(new Mutation.WriteItems(nextSequence, clock.millis(),
                        List.of(new Mutation.ItemWrite(live.id(), key, change.item(), service)), null, null));
            }
            return change.result();
        } finally {
            lock.unlock();
        }
    }

    private Table liveTable(Table table) {
        Table live = tables.get(table.name());
        if (live == null || !live.id().equals(table.id())) {
            throw DynamoDbException.resourceNotFound("Requested resource not found");
        }
        return live;
    }

    /** A transaction's first step, under the lock: checks and marks. Returns its id. */
    public long beginTransaction(List<ItemRef> items, Runnable check) {
        lock.lock();
        try {
            check.run();
            long id = nextTransaction++;
            for (ItemRef ref : items) {
                marked.put(ref, id);
            }
            return id;
        } finally {
            lock.unlock();
        }
    }

    /** Whether another transaction holds {@code ref} now; callers hold the lock (inside {@code check}). */
    public boolean markedByOther(ItemRef ref) {
        return marked.containsKey(ref);
    }

    /** A transaction's second step: the writes take effect together, and the marks go. */
    public void commitTransaction(long id, List<ItemRef> items, List<Mutation.ItemWrite> writes, String clientToken,
            String fingerprint) {
        lock.lock();
        try {
            try {
                List<Mutation.ItemWrite> changed = new ArrayList<>();
                for (Mutation.ItemWrite w : writes) {
                    Table t = tablesById.get(w.tableId());
                    if (t == null) {
                        throw DynamoDbException.resourceNotFound("Requested resource not found");
                    }
                    Map<String, Value> old = t.get(t.rowKey(w.key()));
                    if (!Objects.equals(old, w.item())) {
                        changed.add(w);
                    }
                }
                if (!changed.isEmpty() || clientToken != null) {
                    commit(new Mutation.WriteItems(nextSequence, clock.millis(), changed, clientToken, fingerprint));
                }
            } finally {
                release(id, items);
            }
        } finally {
            lock.unlock();
        }
    }

    public void abortTransaction(long id, List<ItemRef> items) {
        lock.lock();
        try {
            release(id, items);
        } finally {
            lock.unlock();
        }
    }

    private void release(long id, List<ItemRef> items) {
        for (ItemRef ref : items) {
            marked.remove(ref, id);
        }
    }

    /**
     * A transaction's idempotency token: empty when new, the stored fingerprint when used within the
     * last ten minutes. Callers hold the lock (inside {@code check}).
     */
    public Optional<String> tokenFingerprint(String token) {
        Token t = tokens.get(token);
        if (t == null || clock.millis() - t.atMillis() >= TOKEN_LIFETIME_MILLIS) {
            return Optional.empty();
        }
        return Optional.of(t.fingerprint());
    }

    /** Runs {@code action} under the write lock (for checks that must see a stable state). */
    public <T> T locked(java.util.function.Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- journal and apply

    private void commit(Mutation mutation) {
        try {
            journal.append(mutation);
        } catch (IOException e) {
            throw DynamoDbException.internal("The request failed: the change could not be written to disk ("
                    + e.getMessage() + ")");
        }
        apply(mutation);
        try {
            journal.applied();
        } catch (IOException e) {
            // the change is journalled and applied; compaction is retried after the next change
        }
    }

    /** Applies a journalled change: live, right after it was journalled, and again on recovery. */
    public void apply(Mutation mutation) {
        lock.lock();
        try {
            if (mutation instanceof Mutation.CreateTable c) {
                Table t = new Table(c.schema());
                tables.put(c.schema().name(), t);
                tablesById.put(c.schema().id(), t);
                if (c.schema().streamEnabled()) {
                    openStream(t, c.schema());
                }
            } else if (mutation instanceof Mutation.UpdateTable u) {
                Table t = tablesById.get(u.schema().id());
                if (t == null) {
                    return;
                }
                TableSchema before = t.schema();
                t.schema(u.schema());
                t.syncIndexes();
                if (!Objects.equals(before.streamLabel(), u.schema().streamLabel()) || !u.schema().streamEnabled()) {
                    StreamLog old = t.stream();
                    if (old != null && (!u.schema().streamEnabled() || !old.label().equals(u.schema().streamLabel()))) {
                        old.disable(u.atMillis());
                        t.stream(null);
                    }
                }
                if (u.schema().streamEnabled() && t.stream() == null) {
                    openStream(t, u.schema());
                }
            } else if (mutation instanceof Mutation.DeleteTable d) {
                Table t = tablesById.remove(d.tableId());
                if (t == null) {
                    return;
                }
                tables.remove(t.name(), t);
                if (t.stream() != null) {
                    t.stream().disable(d.atMillis());
                }
            } else if (mutation instanceof Mutation.WriteItems w) {
                applyWrites(w);
            }
        } finally {
            lock.unlock();
        }
    }

    private void openStream(Table t, TableSchema schema) {
        long created = LocalDateTime.parse(schema.streamLabel(), LABEL).toInstant(ZoneOffset.UTC).toEpochMilli();
        StreamLog log = new StreamLog(schema.streamArn(), schema.streamLabel(), schema.name(), schema.streamViewType(),
                created / 1000.0, clock, streamSettings, nextSequence, created);
        log.keys(schema.keys().hash().name(), schema.keys().range() == null ? null : schema.keys().range().name());
        t.stream(log);
        streams.put(log.arn(), log);
    }

    private void applyWrites(Mutation.WriteItems w) {
        long sequence = Math.max(nextSequence, w.firstSequence());
        for (Mutation.ItemWrite write : w.writes()) {
            Table t = tablesById.get(write.tableId());
            if (t == null) {
                continue;
            }
            RowKey key = t.rowKey(write.key());
            Map<String, Value> old = t.get(key);
            Map<String, Value> item = write.item();
            if (Objects.equals(old, item)) {
                continue;
            }
            t.apply(key, old, item);
            StreamLog log = t.stream();
            if (log != null && log.enabled()) {
                log.append(record(t, log, sequence++, w.atMillis(), write, old, item));
            }
        }
        nextSequence = sequence;
        if (w.clientToken() != null) {
            tokens.put(w.clientToken(), new Token(w.tokenFingerprint(), w.atMillis()));
            tokens.values().removeIf(tok -> w.atMillis() - tok.atMillis() >= TOKEN_LIFETIME_MILLIS);
        }
    }

    private static StreamRecord record(Table t, StreamLog log, long sequence, long atMillis, Mutation.ItemWrite write,
            Map<String, Value> old, Map<String, Value> item) {
        String eventName = old == null ? "INSERT" : item == null ? "REMOVE" : "MODIFY";
        Map<String, Value> keys = t.schema().keys().keyOfOrNull(item != null ? item : old);
        String view = log.viewType();
        Map<String, Value> newImage = ("NEW_IMAGE".equals(view) || "NEW_AND_OLD_IMAGES".equals(view)) ? item : null;
        Map<String, Value> oldImage = ("OLD_IMAGE".equals(view) || "NEW_AND_OLD_IMAGES".equals(view)) ? old : null;
        int size = dev.userbase.dynamodb.model.Items.size(keys)
                + (newImage == null ? 0 : dev.userbase.dynamodb.model.Items.size(newImage))
                + (oldImage == null ? 0 : dev.userbase.dynamodb.model.Items.size(oldImage));
        String eventId = UUID.nameUUIDFromBytes((log.arn() + "#" + sequence).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
        return new StreamRecord(sequence, eventId, eventName, atMillis, keys, newImage, oldImage, view, size,
                write.service());
    }

    // ---------------------------------------------------------------- snapshots (callers hold the lock through exclusive)

    /** A table's schema and rows, for a snapshot. */
    public record TableState(TableSchema schema, java.util.Collection<Map<String, Value>> items) {
    }

    public List<TableState> exportTables() {
        List<TableState> list = new ArrayList<>();
        for (Table t : tablesById.values()) {
            list.add(new TableState(t.schema(), t.rows().values()));
        }
        return list;
    }

    public List<StreamLog.State> exportStreams() {
        List<StreamLog.State> list = new ArrayList<>();
        for (StreamLog log : streams.values()) {
            list.add(log.export());
        }
        return list;
    }

    /** Unexpired transaction tokens: token to {fingerprint, atMillis}. */
    public Map<String, Map.Entry<String, Long>> exportTokens() {
        Map<String, Map.Entry<String, Long>> map = new HashMap<>();
        tokens.forEach((k, v) -> map.put(k, Map.entry(v.fingerprint(), v.atMillis())));
        return map;
    }

    public void restoreTable(TableSchema schema) {
        Table t = new Table(schema);
        tables.put(schema.name(), t);
        tablesById.put(schema.id(), t);
    }

    public void restoreItem(String tableId, Map<String, Value> item) {
        Table t = tablesById.get(tableId);
        RowKey key = t.rowKey(item);
        t.apply(key, t.get(key), item);
    }

    public void restoreStream(StreamLog.State state) {
        StreamLog log = StreamLog.restore(state, clock, streamSettings);
        streams.put(log.arn(), log);
        for (Table t : tablesById.values()) {
            KeySchema keys = t.schema().keys();
            // the table this stream belongs to: its name, and created no later than the stream
            if (state.arn().startsWith(t.schema().arn() + "/stream/") && t.schema().createdAt() <= log.createdAt()) {
                log.keys(keys.hash().name(), keys.range() == null ? null : keys.range().name());
            }
        }
        if (log.enabled()) {
            for (Table t : tablesById.values()) {
                if (state.arn().equals(t.schema().streamArn())) {
                    t.stream(log);
                }
            }
        }
    }

    public void restoreToken(String token, String fingerprint, long atMillis) {
        tokens.put(token, new Token(fingerprint, atMillis));
    }

    /** The next stream sequence number (for snapshots). */
    public long nextSequence() {
        return nextSequence;
    }

    public void nextSequence(long value) {
        nextSequence = value;
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            journal.close();
        } finally {
            lock.unlock();
        }
    }
}
