package dev.userbase.smoke;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * {@code scripts/smoke}: runs the {@link SmokeTest} against a deployed stack or the local stack and
 * exits 0 when every check passed, 1 when one did not, 2 when it could not run (bad arguments, no such
 * stack, an output missing, no credentials).
 */
public final class SmokeCommand {

    static final String USAGE = """
            usage: scripts/smoke --stack NAME --region REGION [options]
                   scripts/smoke --local [OUTPUTS_FILE] [options]     (default .local/outputs.json)
              --timeout SECONDS     wait this long for counts and events (default 300: the follow counter's
                                    tumbling window is 120 s in AWS)
              --email-domain NAME   domain of the test users' addresses (default example.com)
              --summary FILE        also append the report to FILE as Markdown (e.g. "$GITHUB_STEP_SUMMARY")""";

    /** What the command line asks for. */
    record Arguments(Optional<String> stack, Optional<Region> region, Optional<Path> localOutputs, Duration timeout,
            String emailDomain, Optional<Path> summary) {

        static Arguments parse(String[] args) {
            String stack = null;
            String region = null;
            Path local = null;
            Duration timeout = SmokeTest.Settings.DEFAULT_TIMEOUT;
            String emailDomain = SmokeTest.Settings.DEFAULT_EMAIL_DOMAIN;
            Path summary = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--stack" -> stack = value(args, ++i, "--stack");
                    case "--region" -> region = value(args, ++i, "--region");
                    case "--local" -> local = i + 1 < args.length && !args[i + 1].startsWith("--")
                            ? Path.of(args[++i]) : Path.of(".local", "outputs.json");
                    case "--timeout" -> {
                        String seconds = value(args, ++i, "--timeout");
                        try {
                            timeout = Duration.ofSeconds(Long.parseLong(seconds));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--timeout takes seconds, got '" + seconds + "'");
                        }
                        if (timeout.isNegative() || timeout.isZero()) {
                            throw new IllegalArgumentException("--timeout must be positive");
                        }
                    }
                    case "--email-domain" -> emailDomain = value(args, ++i, "--email-domain");
                    case "--summary" -> summary = Path.of(value(args, ++i, "--summary"));
                    case "-h", "--help" -> throw new IllegalArgumentException("");
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (local != null && (stack != null || region != null)) {
                throw new IllegalArgumentException("give either --stack and --region, or --local");
            }
            if (local == null && (stack == null || region == null)) {
                throw new IllegalArgumentException("--stack and --region are required (or --local for the local stack)");
            }
            if (stack != null && !stack.matches("[A-Za-z][A-Za-z0-9-]{0,127}")) {
                throw new IllegalArgumentException("not a stack name: '" + stack + "'");
            }
            if (region != null && !region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
                throw new IllegalArgumentException("not a region: '" + region + "'");
            }
            return new Arguments(Optional.ofNullable(stack), Optional.ofNullable(region).map(Region::of),
                    Optional.ofNullable(local), timeout, emailDomain.toLowerCase(java.util.Locale.ROOT),
                    Optional.ofNullable(summary));
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }

    private SmokeCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments;
        SmokeTest.Settings settings;
        try {
            arguments = Arguments.parse(args);
            settings = new SmokeTest.Settings(arguments.timeout(), Duration.ofSeconds(3), arguments.emailDomain(),
                    Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                err.println(e.getMessage());
            }
            err.println(USAGE);
            return 2;
        }
        SmokeTest.Report report;
        try (Deployment deployment = arguments.localOutputs().isPresent()
                ? Deployment.local(arguments.localOutputs().get())
                : Deployment.aws(arguments.stack().orElseThrow(), arguments.region().orElseThrow())) {
            report = new SmokeTest(deployment, settings).run();
        } catch (SmokeTestException | SdkException e) {
            err.println("the smoke test could not run: " + e.getMessage());
            return 2;
        }
        out.print(report.text());
        if (arguments.summary().isPresent()) {
            try {
                Files.writeString(arguments.summary().get(), report.markdown(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                err.println("could not write the summary to " + arguments.summary().get() + ": " + e.getMessage());
            }
        }
        return report.passed() ? 0 : 1;
    }
}
