package dev.userbase.core.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Event ids derived from what they describe, never random: the stream record's {@code eventID}
 * (unique per change, the same on every redelivery), the detail type, and a qualifier for records
 * that yield several events of one type (the role assigned or removed). A name-based UUID (RFC 4122
 * version 3) of those parts.
 */
final class EventIds {

    private EventIds() {
    }

    public static String derive(String streamEventId, DetailType type, String qualifier) {
        String name = streamEventId + "|" + type.wireName() + "|" + (qualifier == null ? "" : qualifier);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
