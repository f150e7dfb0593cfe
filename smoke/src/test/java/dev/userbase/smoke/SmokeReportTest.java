package dev.userbase.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SmokeReportTest {

    private static SmokeTest.Check check(String name, SmokeTest.Outcome outcome, String detail) {
        return new SmokeTest.Check(name, outcome, detail, Duration.ofMillis(1500));
    }

    @Test
    void report_passesOnlyWhenEveryCheckPassed_andSaysWhichDidNot() {
        SmokeTest.Report passed = new SmokeTest.Report("users-dev-stack in eu-west-1", "run1",
                List.of(check("one", SmokeTest.Outcome.PASSED, "fine")), List.of());
        SmokeTest.Report failed = new SmokeTest.Report("users-dev-stack in eu-west-1", "run2", List.of(
                check("one", SmokeTest.Outcome.PASSED, ""),
                check("two | pipes", SmokeTest.Outcome.FAILED, "waited 300 s\nfor it"),
                check("three", SmokeTest.Outcome.NOT_RUN, "an earlier check failed")),
                List.of(new SmokeTest.CreatedUser("A", "a@example.com", Optional.empty())));

        assertThat(passed.passed()).isTrue();
        assertThat(passed.text()).contains("  ok      one (1.5 s): fine", "smoke test passed");
        assertThat(failed.passed()).isFalse();
        assertThat(failed.text()).contains("  FAILED  two | pipes (1.5 s): waited 300 s", "  not run three",
                "smoke test FAILED (2 of 3 checks did not pass)");
        assertThat(failed.markdown()).contains("### Smoke test of users-dev-stack in eu-west-1: FAILED",
                "| ❌ | two \\| pipes | 1.5 | waited 300 s for it |");
        assertThat(failed.markdown()).contains("waited 300 s for it").doesNotContain("s\nfor");
        assertThat(new SmokeTest.Report("x", "r", List.of(), List.of()).passed()).as("no check, no pass").isFalse();
    }

    @Test
    void issuer_ofCloudFormationsProviderUrl_isHttps() {
        assertThat(Deployment.issuer("cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc"))
                .hasToString("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc");
        assertThat(Deployment.issuer("http://127.0.0.1:9229/local_abc")).hasToString("http://127.0.0.1:9229/local_abc");
    }

    @Test
    void claims_ofAnIdToken_areItsPayload() {
        String payload = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"abc\",\"email\":\"a@example.com\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(SmokeTest.claims("e30." + payload + ".sig").get("sub").asText()).isEqualTo("abc");
    }
}
