package dev.userbase.local.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

import dev.userbase.local.LocalStack;
import dev.userbase.local.cli.LocalCli;

/** One run of {@code local/cli} against a started stack: its exit status and what it printed. */
public record CliRun(int status, String out, String err) {

    /** Runs the CLI with the environment that points it at {@code stack} (its directory, ports and window). */
    public static CliRun against(LocalStack stack, Duration followWindow, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of(
                "LOCAL_DIR", stack.settings().dataDirectory().toString(),
                "LOCAL_AWS_PORT", stack.awsEndpoint().replaceAll(".*:", ""),
                "LOCAL_API_PORT", stack.apiUrl().replaceAll(".*:", ""),
                "LOCAL_DYNAMODB_PORT", String.valueOf(stack.dynamoDbEndpoint().getPort()),
                "LOCAL_FOLLOW_WINDOW_SECONDS", String.valueOf(followWindow.toSeconds()));
        int status = new LocalCli(new PrintStream(out, true), new PrintStream(err, true), env).run(args);
        return new CliRun(status, out.toString(), err.toString());
    }
}
