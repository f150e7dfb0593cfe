package dev.userbase.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The CDK CLI the deploy workflow pins ({@code cdk/package.json}) reads the cloud assemblies this
 * module synthesizes: {@code cdk diff} and {@code cdk deploy --app cdk/cdk.out} would fail on a cloud
 * assembly schema newer than the CLI understands. No AWS call: {@code cdk ls} only reads the assembly.
 */
class CdkCliIT {

    @Test
    void cdkLs_listsTheUsersStack_fromTheSynthesizedAssembly() throws Exception {
        CliRun run = cdk("ls", "--app", SynthesizedApp.dev().result.outdir().toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().lines()).contains("users-dev-stack");
    }

    @Test
    void cdkLs_listsTheCiStack_fromItsAssembly() throws Exception {
        Path outdir = TestInputs.temporaryDirectory("userbase-ci-cli");
        UsersApp.Result result = CiApp.synthesize(outdir, Map.of(CiSettings.REPOSITORY, "acme/userbase"));
        assertThat(result.errors()).isEmpty();

        CliRun run = cdk("ls", "--app", outdir.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output().lines()).contains("users-ci-stack");
    }

    private record CliRun(int exitCode, String output) {
    }

    private static CliRun cdk(String... args) throws IOException, InterruptedException {
        Path cli = Path.of(System.getProperty("userbase.cdkCli", "node_modules/.bin/cdk"));
        assertThat(cli).as("the CDK CLI, installed by cdk/npm-install").exists();
        List<String> command = new ArrayList<>(List.of(cli.toString()));
        command.addAll(List.of(args));
        command.add("--no-notices");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // No network here: the CLI must not try to send telemetry or fetch notices.
        builder.environment().put("CDK_DISABLE_CLI_TELEMETRY", "true");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("cdk " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new CliRun(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
