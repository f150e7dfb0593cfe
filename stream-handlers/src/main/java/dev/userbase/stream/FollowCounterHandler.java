package dev.userbase.stream;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.counters.FollowCounterService;
import dev.userbase.core.streams.ChangeRecord;

/**
 * Follow counts, exactly once: the event source mapping on the users table's stream filtered to
 * follow-edge INSERT/REMOVE records, with a tumbling window. Each invocation hands the window's
 * state to {@link FollowCounterService}, which aggregates, and at the window's end commits, the
 * per-user deltas. See docs/ARCHITECTURE.md ("Stream consumers") for the mapping's settings.
 */
public final class FollowCounterHandler implements RequestHandler<DynamodbTimeWindowEvent, TimeWindowEventResponse> {

    private final FollowCounterService service;

    /** Lambda: settings from the environment, clients built once per container. */
    public FollowCounterHandler() {
        this(AwsClients.create(UsersConfig.fromEnvironment()), Clock.systemUTC());
    }

    /** The local stack and tests: the given clients and clock. */
    public FollowCounterHandler(AwsClients clients, Clock clock) {
        this(FollowCounterService.create(clients, clock));
    }

    public FollowCounterHandler(FollowCounterService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public TimeWindowEventResponse handleRequest(DynamodbTimeWindowEvent event, Context context) {
        if (event.getShardId() == null || event.getWindow() == null) {
            // Without a tumbling window there is no final invocation, and counts would never be written.
            throw new IllegalArgumentException("FollowCounterHandler needs an event source mapping with a tumbling window");
        }
        List<ChangeRecord> records = event.getRecords() == null ? List.of()
                : event.getRecords().stream().map(r -> LambdaRecords.keysOnly(r, event.getEventSourceArn())).toList();
        boolean windowEnds = Boolean.TRUE.equals(event.getIsFinalInvokeForWindow())
                || Boolean.TRUE.equals(event.getIsWindowTerminatedEarly());
        Map<String, String> state = service.process(event.getShardId(), records, event.getState(), windowEnds);
        return TimeWindowEventResponse.builder().withState(state).withBatchItemFailures(List.of()).build();
    }
}
