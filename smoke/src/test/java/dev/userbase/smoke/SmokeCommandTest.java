package dev.userbase.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.regions.Region;

class SmokeCommandTest {

    @Test
    void arguments_takeAStackAndRegion_orTheLocalStack() {
        SmokeCommand.Arguments aws = SmokeCommand.Arguments.parse(new String[] {
            "--stack", "users-dev-stack", "--region", "eu-west-1", "--timeout", "600", "--email-domain", "Test.Example.org",
            "--summary", "summary.md"});
        assertThat(aws.stack()).contains("users-dev-stack");
        assertThat(aws.region()).contains(Region.EU_WEST_1);
        assertThat(aws.localOutputs()).isEmpty();
        assertThat(aws.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(aws.emailDomain()).isEqualTo("test.example.org");
        assertThat(aws.summary()).contains(Path.of("summary.md"));

        assertThat(SmokeCommand.Arguments.parse(new String[] {"--local"}).localOutputs())
                .contains(Path.of(".local", "outputs.json"));
        assertThat(SmokeCommand.Arguments.parse(new String[] {"--local", "x/outputs.json", "--timeout", "5"}).localOutputs())
                .contains(Path.of("x/outputs.json"));
    }

    @Test
    void arguments_thatCannotNameOneDeployment_areRefused() {
        assertThatThrownBy(() -> SmokeCommand.Arguments.parse(new String[] {"--stack", "users-dev-stack"}))
                .hasMessageContaining("--stack and --region are required");
        assertThatThrownBy(() -> SmokeCommand.Arguments.parse(new String[] {"--local", "--stack", "s", "--region", "eu-west-1"}))
                .hasMessageContaining("either");
        assertThatThrownBy(() -> SmokeCommand.Arguments.parse(new String[] {"--stack", "s;rm", "--region", "eu-west-1"}))
                .hasMessageContaining("not a stack name");
        assertThatThrownBy(() -> SmokeCommand.Arguments.parse(new String[] {"--stack", "s", "--region", "Europe"}))
                .hasMessageContaining("not a region");
        assertThatThrownBy(() -> SmokeCommand.Arguments.parse(new String[] {"--local", "--timeout", "soon"}))
                .hasMessageContaining("seconds");
        assertThatThrownBy(() -> SmokeCommand.Arguments.parse(new String[] {"--local", "--timeout", "0"}))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> SmokeCommand.Arguments.parse(new String[] {"--verbose"}))
                .hasMessageContaining("unknown argument");
    }

    @Test
    void run_exits2WithTheReason_whenItCannotRun(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int usage = SmokeCommand.run(new String[] {"--region", "eu-west-1"}, print(new ByteArrayOutputStream()), print(err));
        assertThat(usage).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--stack and --region are required", "usage:");

        ByteArrayOutputStream noStack = new ByteArrayOutputStream();
        int missing = SmokeCommand.run(new String[] {"--local", dir.resolve("outputs.json").toString()},
                print(new ByteArrayOutputStream()), print(noStack));
        assertThat(missing).isEqualTo(2);
        assertThat(noStack.toString(StandardCharsets.UTF_8)).contains("could not run", "is the local stack running?");

        ByteArrayOutputStream badDomain = new ByteArrayOutputStream();
        assertThat(SmokeCommand.run(new String[] {"--local", "--email-domain", "nodot"}, print(new ByteArrayOutputStream()),
                print(badDomain))).isEqualTo(2);
        assertThat(badDomain.toString(StandardCharsets.UTF_8)).contains("not an email domain");
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
