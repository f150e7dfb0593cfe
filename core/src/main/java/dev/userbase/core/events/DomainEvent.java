package dev.userbase.core.events;

import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.core.model.Timestamps;

/**
 * One domain event, ready to publish: its detail type and the envelope that is the EventBridge
 * entry's {@code Detail} (contract): {@code {version, eventId, occurredAt, userId, correlationId, data}}.
 *
 * @param eventId derived from the stream record, the detail type and a qualifier (see {@link EventIds}),
 *     so the same change always yields the same id and consumers can deduplicate
 * @param userId the user the event is about; events of one user are published in stream order
 */
public record DomainEvent(
        DetailType detailType,
        String eventId,
        Instant occurredAt,
        String userId,
        String correlationId,
        ObjectNode data) {

    /** The envelope version of the events published now; minor versions only add optional fields. */
    public static final String ENVELOPE_VERSION = "1.0";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public DomainEvent {
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(correlationId, "correlationId");
        data = data == null ? JsonNodeFactory.instance.objectNode() : data.deepCopy();
    }

    /** The envelope as a JSON tree. */
    public ObjectNode envelope() {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("version", ENVELOPE_VERSION);
        envelope.put("eventId", eventId);
        envelope.put("occurredAt", Timestamps.format(occurredAt));
        envelope.put("userId", userId);
        envelope.put("correlationId", correlationId);
        envelope.set("data", data.deepCopy());
        return envelope;
    }

    /** The EventBridge entry's {@code Detail}. */
    public String detailJson() {
        try {
            return MAPPER.writeValueAsString(envelope());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }
}
