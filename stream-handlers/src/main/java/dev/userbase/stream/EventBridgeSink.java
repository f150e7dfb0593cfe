package dev.userbase.stream;

import java.util.List;
import java.util.Objects;

import dev.userbase.core.events.DomainEvent;
import dev.userbase.core.events.EventSink;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * PutEvents on the users bus: {@code Source} from {@code EVENT_SOURCE}, {@code DetailType} the event's,
 * {@code Detail} the envelope, {@code Time} when the change happened. Per-entry results keep their
 * order (EventBridge answers entry i at index i).
 */
final class EventBridgeSink implements EventSink {

    private final EventBridgeClient eventBridge;
    private final String busName;
    private final String source;

    EventBridgeSink(EventBridgeClient eventBridge, String busName, String source) {
        this.eventBridge = Objects.requireNonNull(eventBridge, "eventBridge");
        this.busName = Objects.requireNonNull(busName, "busName");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public List<EntryResult> put(List<DomainEvent> events) {
        PutEventsResponse response = eventBridge.putEvents(PutEventsRequest.builder()
                .entries(events.stream().map(this::entry).toList())
                .build());
        List<PutEventsResultEntry> entries = response.hasEntries() ? response.entries() : List.of();
        if (entries.size() != events.size()) {
            throw new IllegalStateException("PutEvents answered " + entries.size() + " entries for " + events.size());
        }
        return entries.stream()
                .map(entry -> entry.errorCode() == null
                        ? EntryResult.ACCEPTED
                        : EntryResult.failed(entry.errorCode(), entry.errorMessage()))
                .toList();
    }

    private PutEventsRequestEntry entry(DomainEvent event) {
        return PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(source)
                .detailType(event.detailType().wireName())
                .detail(event.detailJson())
                .time(event.occurredAt())
                .build();
    }
}
