package dev.userbase.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsFileTest {

    @Test
    void about_returnsTheUsersEventsSinceTheStart_skippingATornLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"id\":\"1\",\"detail-type\":\"user.created\",\"time\":\"2026-12-02T09:59:00Z\",\"detail\":{\"userId\":\"a\"}}",
                "{\"id\":\"2\",\"detail-type\":\"user.created\",\"time\":\"2026-12-02T10:00:00Z\",\"detail\":{\"userId\":\"a\"}}",
                "{\"id\":\"3\",\"detail-type\":\"user.created\",\"time\":\"2026-12-02T10:00:01Z\",\"detail\":{\"userId\":\"c\"}}",
                "",
                "{\"id\":\"4\",\"detail-type\":\"user.followed\",\"time\":\"2026-12-02T10:00:02Z\",\"detail\":{\"userId\":\"b\"}}",
                "{\"id\":\"5\",\"detail-type\":\"user.fol"));

        var events = new EventsFile(file).about(Set.of("a", "b"), Instant.parse("2026-12-02T10:00:00.400Z"));

        assertThat(events).extracting(e -> e.get("id").asText()).containsExactly("2", "4");
    }
}
