package dev.userbase.smoke;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

/**
 * The events of a deployed stage, from the log group the bus's log-all rule writes every event to
 * ({@code EventLogGroupName}): {@code FilterLogEvents} with a JSON filter on {@code detail.userId}, so
 * only the test users' events come back, every page of them.
 */
final class LogGroupEvents implements PublishedEvents {

    /** Ingestion timestamps come from another clock than ours: look a little further back. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudWatchLogsClient logs;
    private final String logGroupName;

    public LogGroupEvents(CloudWatchLogsClient logs, String logGroupName) {
        this.logs = logs;
        this.logGroupName = logGroupName;
    }

    @Override
    public List<JsonNode> about(Set<String> userIds, Instant since) {
        String pattern = filterPattern(userIds);
        List<JsonNode> events = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            FilterLogEventsResponse page = logs.filterLogEvents(r -> r.logGroupName(logGroupName)
                    .startTime(since.minus(CLOCK_SKEW).toEpochMilli())
                    .filterPattern(pattern)
                    .nextToken(token));
            for (FilteredLogEvent event : page.events()) {
                events.add(parse(event.message()));
            }
            next = page.nextToken();
        } while (next != null);
        return events;
    }

    /** {@code { ($.detail.userId = "a") || ($.detail.userId = "b") }}: CloudWatch Logs' JSON filter syntax. */
    static String filterPattern(Set<String> userIds) {
        if (userIds.isEmpty()) {
            throw new IllegalArgumentException("no user id to look for");
        }
        for (String userId : userIds) {
            // Cognito subs are UUIDs: anything else could change the meaning of the pattern.
            if (!USER_ID.matcher(userId).matches()) {
                throw new IllegalArgumentException("not a user id: '" + userId + "'");
            }
        }
        return userIds.stream().sorted().map(id -> "($.detail.userId = \"" + id + "\")")
                .collect(Collectors.joining(" || ", "{ ", " }"));
    }

    private static JsonNode parse(String message) {
        try {
            return JSON.readTree(message);
        } catch (JsonProcessingException e) {
            throw new SmokeTestException("a log event of the bus is not an event's JSON: " + message, e);
        }
    }
}
