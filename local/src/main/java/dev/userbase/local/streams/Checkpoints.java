package dev.userbase.local.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.local.Json;

/**
 * Where each event source mapping got to in each shard: the sequence number of the last record it is
 * done with, and whether it finished the shard (so its children may start). Kept in a JSON file when
 * the stack persists its data, so a restart resumes where it stopped instead of replaying the stream.
 */
public final class Checkpoints {

    private final Path file;
    private final ObjectNode root;

    private Checkpoints(Path file, ObjectNode root) {
        this.file = file;
        this.root = root;
    }

    public static Checkpoints inMemory() {
        return new Checkpoints(null, Json.object());
    }

    public static Checkpoints inFile(Path file) {
        ObjectNode root = Json.object();
        if (Files.exists(file)) {
            try {
                JsonNode stored = Json.parse(Files.readAllBytes(file));
                if (stored.isObject()) {
                    root = (ObjectNode) stored;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            } catch (IllegalArgumentException e) {
                // a damaged file: start over from the mappings' starting positions
            }
        }
        return new Checkpoints(file, root);
    }

    public synchronized Optional<String> sequenceNumber(String mapping, String streamArn, String shardId) {
        JsonNode value = shard(mapping, streamArn, shardId).get("sequenceNumber");
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    public synchronized boolean finished(String mapping, String streamArn, String shardId) {
        return shard(mapping, streamArn, shardId).path("finished").asBoolean(false);
    }

    public synchronized void advance(String mapping, String streamArn, String shardId, String sequenceNumber) {
        shard(mapping, streamArn, shardId).put("sequenceNumber", sequenceNumber);
        save();
    }

    public synchronized void finish(String mapping, String streamArn, String shardId) {
        shard(mapping, streamArn, shardId).put("finished", true);
        save();
    }

    private ObjectNode shard(String mapping, String streamArn, String shardId) {
        return root.withObjectProperty(mapping).withObjectProperty(streamArn).withObjectProperty(shardId);
    }

    private void save() {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, Json.bytes(root));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
