package dev.userbase.local.standin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.local.Json;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/** Publishes {@code user.created} for new profiles and {@code user.followed} for new follow edges. */
public class StandInChangeStream implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final AwsClients clients;
    private final EventBridgeClient eventBridge;

    public StandInChangeStream(AwsClients clients, Clock clock) {
        this.clients = clients;
        this.eventBridge = clients.configure(EventBridgeClient.builder(), clients.config().endpoints().eventBridgeOverride())
                .build();
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            if (!record.getEventName().equals("INSERT")) {
                continue;
            }
            var image = record.getDynamodb().getNewImage();
            String sk = record.getDynamodb().getKeys().get("sk").getS();
            String type = sk.equals("PROFILE") ? "user.created" : sk.startsWith("FOLLOWS#") ? "user.followed" : null;
            if (type == null) {
                continue;
            }
            String userId = type.equals("user.created") ? image.get("userId").getS() : image.get("followerId").getS();
            var detail = Json.object().put("version", "1.0").put("eventId", record.getEventID())
                    .put("occurredAt", "2026-01-01T00:00:00Z").put("userId", userId).put("correlationId", "c");
            var data = detail.putObject("data");
            if (type.equals("user.followed")) {
                data.put("followeeId", image.get("followeeId").getS());
            }
            entries.add(PutEventsRequestEntry.builder().eventBusName(clients.config().eventBusName())
                    .source(clients.config().eventSource()).detailType(type).detail(Json.string(detail)).build());
        }
        if (!entries.isEmpty()) {
            var response = eventBridge.putEvents(r -> r.entries(entries));
            if (response.failedEntryCount() > 0) {
                throw new IllegalStateException("PutEvents failed: " + response.entries());
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }
}
