package dev.userbase.dynamodb.persist;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.dynamodb.json.JsonTrees;
import dev.userbase.dynamodb.json.ValueCodec;
import dev.userbase.dynamodb.model.Value;
import dev.userbase.dynamodb.streams.StreamLog;
import dev.userbase.dynamodb.streams.StreamRecord;
import dev.userbase.dynamodb.table.Database;

/**
 * The engine's files in a data directory: a snapshot ({@code snapshot-N.jsonl}) and the journal of
 * every change since ({@code journal-N.log}), one checksummed JSON line per change.
 *
 * <p>Every change is written to the journal with one {@code write} call before it is applied or
 * acknowledged, so it survives the process being killed (and, with {@code sync}, a power cut). A
 * transaction is one line: after a crash it is there whole or not at all. On open, the snapshot is
 * loaded and the journal replayed up to the first line that is torn or fails its checksum; the file
 * is cut there. When the journal grows past {@link #COMPACT_BYTES} a new snapshot is written next to
 * it, made durable, and only then are the old files removed.
 */
public final class DurableJournal implements Journal {

    static final long COMPACT_BYTES = 64L * 1024 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Path directory;
    private final Database database;
    private final boolean sync;
    private final long compactBytes;
    private long generation;
    private FileChannel channel;
    private long size;

    private DurableJournal(Path directory, Database database, boolean sync, long compactBytes) {
        this.directory = directory;
        this.database = database;
        this.sync = sync;
        this.compactBytes = compactBytes;
    }

    /** Loads the directory's state into {@code database} (which must be empty) and opens the journal for appending. */
    public static DurableJournal open(Path directory, Database database, boolean sync) throws IOException {
        return open(directory, database, sync, COMPACT_BYTES);
    }

    static DurableJournal open(Path directory, Database database, boolean sync, long compactBytes) throws IOException {
        Files.createDirectories(directory);
        DurableJournal journal = new DurableJournal(directory, database, sync, compactBytes);
        journal.recover();
        return journal;
    }

    private void recover() throws IOException {
        TreeMap<Long, Path> snapshots = files("snapshot-", ".jsonl");
        TreeMap<Long, Path> journals = files("journal-", ".log");
        long loaded = -1;
        for (Long n : snapshots.descendingKeySet()) {
            if (loadSnapshot(snapshots.get(n))) {
                loaded = n;
                break;
            }
        }
        generation = Math.max(loaded, 0);
        for (Map.Entry<Long, Path> e : journals.entrySet()) {
            if (e.getKey() >= generation) {
                replay(e.getValue());
            }
        }
        if (!journals.isEmpty() && journals.lastKey() >= generation) {
            generation = journals.lastKey();
        }
        Path current = journalPath(generation);
        channel = FileChannel.open(current, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
        // older generations than the loaded snapshot are no longer needed
        for (Map.Entry<Long, Path> e : snapshots.entrySet()) {
            if (e.getKey() < loaded) {
                Files.deleteIfExists(e.getValue());
            }
        }
        for (Map.Entry<Long, Path> e : journals.entrySet()) {
            if (e.getKey() < generation) {
                Files.deleteIfExists(e.getValue());
            }
        }
    }

    private TreeMap<Long, Path> files(String prefix, String suffix) throws IOException {
        TreeMap<Long, Path> map = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, prefix + "*" + suffix)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                try {
                    map.put(Long.parseLong(name.substring(prefix.length(), name.length() - suffix.length())), p);
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        }
        return map;
    }

    private Path journalPath(long n) {
        return directory.resolve("journal-" + n + ".log");
    }

    private Path snapshotPath(long n) {
        return directory.resolve("snapshot-" + n + ".jsonl");
    }

    /** Replays a journal file's complete lines; cuts a torn or corrupt tail off. */
    private void replay(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int position = 0;
        int good = 0;
        while (position < bytes.length) {
            int end = position;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            if (end == bytes.length) {
                break; // no newline: the write was cut short
            }
            String line = new String(bytes, position, end - position, StandardCharsets.UTF_8);
            int space = line.indexOf(' ');
            if (space != 8) {
                break;
            }
            String json = line.substring(space + 1);
            if (!line.substring(0, 8).equals(crc(json))) {
                break;
            }
            database.apply(Codec.mutation(JsonTrees.read(json)));
            position = end + 1;
            good = position;
        }
        if (good < bytes.length) {
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                c.truncate(good);
                c.force(true);
            }
        }
    }

    private static String crc(String json) {
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    @Override
    public void append(Mutation mutation) throws IOException {
        String json = JsonTrees.writeString(Codec.mutation(mutation));
        byte[] line = (crc(json) + " " + json + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        if (sync) {
            channel.force(false);
        }
        size += line.length;
    }

    @Override
    public void applied() throws IOException {
        if (size >= compactBytes) {
            compact();
        }
    }

    /** Writes a snapshot of the whole state and starts a new journal; the caller holds the database's lock. */
    void compact() throws IOException {
        long next = generation + 1;
        Path tmp = directory.resolve("snapshot-" + next + ".jsonl.tmp");
        writeSnapshot(tmp);
        try {
            Files.move(tmp, snapshotPath(next), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, snapshotPath(next), StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory();
        FileChannel newChannel = FileChannel.open(journalPath(next), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        channel.close();
        channel = newChannel;
        size = 0;
        Files.deleteIfExists(journalPath(generation));
        Files.deleteIfExists(snapshotPath(generation));
        generation = next;
    }

    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not every platform can sync a directory; the rename is still atomic
        }
    }

    private void writeSnapshot(Path file) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
                Writer writer = new BufferedWriter(new OutputStreamWriter(java.nio.channels.Channels.newOutputStream(out),
                        StandardCharsets.UTF_8), 1 << 16)) {
            ObjectNode header = NODES.objectNode().put("version", 1).put("nextSequence", database.nextSequence());
            ObjectNode tokens = header.putObject("tokens");
            database.exportTokens().forEach((token, v) -> tokens.putObject(token).put("fingerprint", v.getKey())
                    .put("at", v.getValue()));
            line(writer, header);
            for (Database.TableState t : database.exportTables()) {
                line(writer, NODES.objectNode().set("table", Codec.schema(t.schema())));
                for (Map<String, Value> item : t.items()) {
                    line(writer, NODES.objectNode().put("of", t.schema().id()).set("item", ValueCodec.encodeItem(item)));
                }
            }
            for (StreamLog.State s : database.exportStreams()) {
                line(writer, NODES.objectNode().set("stream", stream(s)));
            }
            line(writer, NODES.objectNode().put("end", true));
            writer.flush();
            out.force(true);
        }
    }

    private static void line(Writer writer, JsonNode node) throws IOException {
        writer.write(JsonTrees.writeString(node));
        writer.write('\n');
    }

    private boolean loadSnapshot(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(JsonTrees.read(line));
            }
        } catch (IOException e) {
            return false;
        }
        if (lines.isEmpty() || !lines.get(lines.size() - 1).path("end").asBoolean(false)) {
            return false; // never finished: an older generation holds the truth
        }
        JsonNode header = lines.get(0);
        database.nextSequence(header.get("nextSequence").asLong());
        header.path("tokens").fields().forEachRemaining(e -> database.restoreToken(e.getKey(),
                e.getValue().get("fingerprint").asText(), e.getValue().get("at").asLong()));
        for (JsonNode n : lines.subList(1, lines.size() - 1)) {
            if (n.has("table")) {
                database.restoreTable(Codec.schema(n.get("table")));
            } else if (n.has("item")) {
                database.restoreItem(n.get("of").asText(), Codec.item(n.get("item")));
            } else if (n.has("stream")) {
                database.restoreStream(stream(n.get("stream")));
            }
        }
        return true;
    }

    private static ObjectNode stream(StreamLog.State s) {
        ObjectNode n = NODES.objectNode();
        n.put("arn", s.arn()).put("label", s.label()).put("table", s.tableName()).put("view", s.viewType())
                .put("createdAt", s.createdAt()).put("enabled", s.enabled()).put("disabledAt", s.disabledAtMillis());
        ArrayNode shards = n.putArray("shards");
        for (StreamLog.ShardState shard : s.shards()) {
            ObjectNode x = shards.addObject();
            x.put("id", shard.id());
            if (shard.parentId() != null) {
                x.put("parent", shard.parentId());
            }
            x.put("start", shard.startSequence()).put("end", shard.endSequence()).put("created", shard.createdAtMillis());
            ArrayNode records = x.putArray("records");
            for (StreamRecord r : shard.records()) {
                ObjectNode y = records.addObject();
                y.put("seq", r.sequence()).put("id", r.eventId()).put("name", r.eventName()).put("at", r.createdAtMillis())
                        .put("view", r.viewType()).put("size", r.sizeBytes()).put("service", r.service());
                y.set("keys", ValueCodec.encodeItem(r.keys()));
                if (r.newImage() != null) {
                    y.set("new", ValueCodec.encodeItem(r.newImage()));
                }
                if (r.oldImage() != null) {
                    y.set("old", ValueCodec.encodeItem(r.oldImage()));
                }
            }
        }
        return n;
    }

    private static StreamLog.State stream(JsonNode n) {
        List<StreamLog.ShardState> shards = new ArrayList<>();
        for (JsonNode x : n.get("shards")) {
            List<StreamRecord> records = new ArrayList<>();
            for (JsonNode y : x.get("records")) {
                records.add(new StreamRecord(y.get("seq").asLong(), y.get("id").asText(), y.get("name").asText(),
                        y.get("at").asLong(), Codec.item(y.get("keys")), y.has("new") ? Codec.item(y.get("new")) : null,
                        y.has("old") ? Codec.item(y.get("old")) : null, y.get("view").asText(), y.get("size").asInt(),
                        y.get("service").asBoolean()));
            }
            shards.add(new StreamLog.ShardState(x.get("id").asText(), x.has("parent") ? x.get("parent").asText() : null,
                    x.get("start").asLong(), x.get("end").asLong(), x.get("created").asLong(), records));
        }
        return new StreamLog.State(n.get("arn").asText(), n.get("label").asText(), n.get("table").asText(),
                n.get("view").asText(), n.get("createdAt").asDouble(), n.get("enabled").asBoolean(),
                n.get("disabledAt").asLong(), shards);
    }

    @Override
    public void close() throws IOException {
        if (channel != null && channel.isOpen()) {
            channel.force(true);
            channel.close();
        }
    }
}
