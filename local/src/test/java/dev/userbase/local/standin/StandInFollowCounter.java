package dev.userbase.local.standin;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.model.UserProfile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Counts follows per user in the window's state ({@code followers:<id>} / {@code following:<id>}
 * deltas), and adds them to the profiles on the window's final invocation.
 */
public class StandInFollowCounter implements RequestHandler<DynamodbTimeWindowEvent, TimeWindowEventResponse> {

    /** Every event received, for tests to inspect. */
    public static final List<DynamodbTimeWindowEvent> RECEIVED = new CopyOnWriteArrayList<>();

    private final AwsClients clients;

    public StandInFollowCounter(AwsClients clients, Clock clock) {
        this.clients = clients;
    }

    @Override
    public TimeWindowEventResponse handleRequest(DynamodbTimeWindowEvent event, Context context) {
        RECEIVED.add(event);
        Map<String, String> state = new HashMap<>(event.getState() == null ? Map.of() : event.getState());
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            int delta = record.getEventName().equals("INSERT") ? 1 : -1;
            var image = delta > 0 ? record.getDynamodb().getNewImage() : record.getDynamodb().getOldImage();
            add(state, "followers:" + image.get("followeeId").getS(), delta);
            add(state, "following:" + image.get("followerId").getS(), delta);
        }
        if (Boolean.TRUE.equals(event.getIsFinalInvokeForWindow())) {
            state.forEach((key, value) -> {
                String[] parts = key.split(":", 2);
                String attribute = parts[0].equals("followers") ? UserProfile.FOLLOWER_COUNT : UserProfile.FOLLOWING_COUNT;
                clients.dynamoDb().updateItem(r -> r.tableName(clients.config().usersTable())
                        .key(UserProfile.key(parts[1]))
                        .updateExpression("ADD " + attribute + " :d")
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(Map.of(":d", AttributeValue.fromN(value))));
            });
            return TimeWindowEventResponse.builder().withState(Map.of()).build();
        }
        return TimeWindowEventResponse.builder().withState(state).build();
    }

    private static void add(Map<String, String> state, String key, int delta) {
        state.merge(key, Integer.toString(delta), (a, b) -> Integer.toString(Integer.parseInt(a) + Integer.parseInt(b)));
    }
}
