package dev.userbase.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GatewayProblemTest {

    @Test
    void everyProblem_isAProblemDocumentThatNoCacheKeeps() {
        for (GatewayProblem problem : GatewayProblem.values()) {
            assertThat(problem.type()).as(problem.name()).isEqualTo("urn:userbase:problem:" + problem.slug());
            assertThat(problem.headers()).as(problem.name())
                    .containsEntry("Content-Type", "application/problem+json")
                    .containsEntry("Cache-Control", "no-store");
            assertThat(List.copyOf(problem.headers().keySet()).subList(0, 2)).containsExactly("Content-Type", "Cache-Control");
            assertThat(problem.responseType()).isEqualTo(problem.name());
        }
    }

    @Test
    void unauthorized_asksForABearerToken_andThrottling_saysWhenToRetry() {
        assertThat(GatewayProblem.UNAUTHORIZED.headers()).containsEntry("WWW-Authenticate", "Bearer");
        assertThat(GatewayProblem.UNAUTHORIZED.status()).hasValue(401);
        assertThat(GatewayProblem.THROTTLED.headers()).containsEntry("Retry-After", "1");
        assertThat(GatewayProblem.QUOTA_EXCEEDED.headers()).containsEntry("Retry-After", "1");
        assertThat(GatewayProblem.MISSING_AUTHENTICATION_TOKEN.status()).hasValue(404);
        // what a function adds to its own answer of the same refusal: the problem's headers only
        assertThat(GatewayProblem.UNAUTHORIZED.ownHeaders()).containsExactly(Map.entry("WWW-Authenticate", "Bearer"));
        assertThat(GatewayProblem.REQUEST_TOO_LARGE.ownHeaders()).isEmpty();
    }

    @Test
    void document_carriesTypeTitleStatusDetailAndRequestId_inTemplateOrder() {
        Map<String, Object> document = GatewayProblem.REQUEST_TOO_LARGE.document("too big", "req-1");

        assertThat(document).containsExactly(
                Map.entry("type", "urn:userbase:problem:payload-too-large"),
                Map.entry("title", "Content Too Large"),
                Map.entry("status", 413),
                Map.entry("detail", "too big"),
                Map.entry("requestId", "req-1"));
    }

    @Test
    void defaults_haveNoStatus_theRestDo() {
        assertThat(Arrays.stream(GatewayProblem.values()).filter(p -> p.status().isEmpty()))
                .containsExactlyInAnyOrder(GatewayProblem.DEFAULT_4XX, GatewayProblem.DEFAULT_5XX);
        assertThat(GatewayProblem.DEFAULT_4XX.document("d", "r")).doesNotContainKey("status");
    }
}
