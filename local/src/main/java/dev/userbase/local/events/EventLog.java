package dev.userbase.local.events;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.local.Json;

/**
 * An append-only JSON Lines file: one document per line, written and flushed before the caller
 * goes on, so a line is on disk by the time the write that produced it is acknowledged.
 */
public final class EventLog implements AutoCloseable {

    private final Path file;
    private final BufferedWriter writer;
    /** Told of each document once it is on disk (the console's live view); must not block. */
    private final List<java.util.function.Consumer<JsonNode>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public EventLog(Path file, boolean truncate) {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    truncate ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized void append(JsonNode document) {
        try {
            writer.write(Json.string(document));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
        for (java.util.function.Consumer<JsonNode> listener : listeners) {
            listener.accept(document);
        }
    }

    /** Calls {@code listener} with every document appended from now on, until the returned handle is closed. */
    public AutoCloseable subscribe(java.util.function.Consumer<JsonNode> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Every document in the file, oldest first; a torn last line (a crash mid-write) is skipped. */
    public synchronized List<JsonNode> readAll() {
        try {
            List<JsonNode> documents = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    documents.add(Json.parse(line));
                } catch (IllegalArgumentException e) {
                    // not a complete line: ignore it rather than hide every other event
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            // closing at shutdown; the lines are already flushed
        }
    }
}
