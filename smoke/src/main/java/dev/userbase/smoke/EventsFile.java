package dev.userbase.smoke;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The events of the local stack: its bus appends every event to {@code events.jsonl} (one EventBridge
 * event per line), which the local stack names in {@code outputs.json} where a deployed stack names its
 * log group. A torn last line (the stack writing it right now) is skipped.
 */
public final class EventsFile implements PublishedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public EventsFile(Path file) {
        this.file = file;
    }

    @Override
    public List<JsonNode> about(Set<String> userIds, Instant since) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SmokeTestException("cannot read the local bus's events in " + file + ": " + e.getMessage(), e);
        }
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode event;
            try {
                event = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                continue;
            }
            if (userIds.contains(event.path("detail").path("userId").asText()) && !publishedBefore(event, since)) {
                events.add(event);
            }
        }
        return events;
    }

    private static boolean publishedBefore(JsonNode event, Instant since) {
        try {
            // EventBridge's "time" has whole seconds: compare at that precision.
            return Instant.parse(event.path("time").asText()).isBefore(since.minusSeconds(1));
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
