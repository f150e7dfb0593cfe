package dev.userbase.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;

class LogGroupEventsTest {

    private static final String A = "6f1c2b7e-0000-4000-8000-00000000000a";
    private static final String B = "6f1c2b7e-0000-4000-8000-00000000000b";

    /** A CloudWatch Logs client that answers FilterLogEvents from pages, and records the requests. */
    private static final class PagedLogs implements CloudWatchLogsClient {
        final List<FilterLogEventsRequest> requests = new ArrayList<>();
        final List<FilterLogEventsResponse> pages;

        PagedLogs(List<FilterLogEventsResponse> pages) {
            this.pages = pages;
        }

        @Override
        public FilterLogEventsResponse filterLogEvents(FilterLogEventsRequest request) {
            requests.add(request);
            return pages.get(requests.size() - 1);
        }

        @Override
        public String serviceName() {
            return "logs";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void about_readsEveryPage_withAJsonFilterOnTheUsers_fromBeforeTheStart() {
        PagedLogs logs = new PagedLogs(List.of(
                FilterLogEventsResponse.builder().events(event("user.created", A)).nextToken("page-2").build(),
                FilterLogEventsResponse.builder().events(event("user.created", B), event("user.followed", A)).build()));
        Instant since = Instant.parse("2026-12-02T10:00:00Z");

        List<JsonNode> events = new LogGroupEvents(logs, "/aws/events/users-dev").about(new LinkedHashSet<>(List.of(B, A)), since);

        assertThat(events).extracting(e -> e.path("detail-type").asText() + " " + e.at("/detail/userId").asText())
                .containsExactly("user.created " + A, "user.created " + B, "user.followed " + A);
        assertThat(logs.requests).hasSize(2);
        FilterLogEventsRequest first = logs.requests.get(0);
        assertThat(first.logGroupName()).isEqualTo("/aws/events/users-dev");
        assertThat(first.filterPattern())
                .isEqualTo("{ ($.detail.userId = \"" + A + "\") || ($.detail.userId = \"" + B + "\") }");
        assertThat(first.startTime()).isEqualTo(since.minus(LogGroupEvents.CLOCK_SKEW).toEpochMilli());
        assertThat(first.nextToken()).isNull();
        assertThat(logs.requests.get(1).nextToken()).isEqualTo("page-2");
    }

    @Test
    void filterPattern_refusesWhatIsNotAUserId() {
        assertThatThrownBy(() -> LogGroupEvents.filterPattern(Set.of("a\") || ($.x = \"y")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LogGroupEvents.filterPattern(Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void about_whenALogEventIsNotJson_saysSo() {
        PagedLogs logs = new PagedLogs(List.of(FilterLogEventsResponse.builder()
                .events(FilteredLogEvent.builder().message("not json {").build()).build()));

        assertThatThrownBy(() -> new LogGroupEvents(logs, "g").about(Set.of(A), Instant.EPOCH))
                .isInstanceOf(SmokeTestException.class).hasMessageContaining("not json {");
    }

    private static FilteredLogEvent event(String type, String userId) {
        return FilteredLogEvent.builder().message("{\"id\":\"" + type + userId + "\",\"detail-type\":\"" + type
                + "\",\"source\":\"users.service\",\"detail\":{\"userId\":\"" + userId + "\"}}").build();
    }
}
