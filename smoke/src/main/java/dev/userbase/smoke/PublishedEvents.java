package dev.userbase.smoke;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the smoke test finds the events the stream pipeline published: the seam between a deployed
 * stage (the bus's CloudWatch log group, {@link LogGroupEvents}) and the local stack (its
 * {@code events.jsonl}, {@link EventsFile}). Both hold the events as EventBridge delivers them to a
 * target: {@code id}, {@code detail-type}, {@code source}, {@code time}, {@code detail} (the envelope).
 */
public interface PublishedEvents {

    /** The events whose {@code detail.userId} is one of {@code userIds}, published at or after {@code since}. */
    List<JsonNode> about(Set<String> userIds, Instant since);
}
