package dev.userbase.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.event.ruler.Machine;

/**
 * The subscription patterns of docs/EVENTS.md, matched against the sample events by Event Ruler,
 * the engine EventBridge rules use.
 */
class SubscriptionPatternTest {

    private static final EventContract CONTRACT = EventContract.load();

    /** docs/EVENTS.md, "Subscribing": every email event. */
    static final String EMAIL_EVENTS = """
            {
              "source": ["users.service"],
              "detail-type": [{"prefix": "user.email."}]
            }""";

    /** docs/EVENTS.md, "Subscribing": suspensions only, by content. */
    static final String SUSPENSIONS = """
            {
              "source": ["users.service"],
              "detail-type": ["user.status.changed"],
              "detail": {"data": {"status": ["SUSPENDED"]}}
            }""";

    /** docs/EVENTS.md, "Subscribing": everything about one user. */
    static final String ONE_USER = """
            {
              "source": ["users.service"],
              "detail": {"userId": ["3f6c2a8e-41c1-4cf7-9d59-0a4e0c7b9b21"]}
            }""";

    @Test
    void emailPattern_matchesExactlyTheEmailEvents() throws Exception {
        assertThat(matching(EMAIL_EVENTS)).containsExactlyInAnyOrder(
                "user.email.change.requested", "user.email.changed", "user.email.change.expired");
    }

    @Test
    void contentPattern_matchesSuspensionsOnly() throws Exception {
        assertThat(matching(SUSPENSIONS)).containsExactly("user.status.changed");
    }

    @Test
    void userPattern_matchesEverySampleOfThatUser() throws Exception {
        assertThat(matching(ONE_USER)).hasSize(CONTRACT.detailTypes().size() - 1).doesNotContain("user.signup.expired");
    }

    private static List<String> matching(String pattern) throws Exception {
        Machine machine = Machine.builder().build();
        machine.addRule("rule", pattern);
        List<String> matched = new ArrayList<>();
        for (String type : CONTRACT.detailTypes()) {
            for (JsonNode sample : CONTRACT.samples(type, CONTRACT.currentVersion(type))) {
                if (!machine.rulesForJSONEvent(sample.toString()).isEmpty()) {
                    matched.add(type);
                }
            }
        }
        return matched;
    }
}
