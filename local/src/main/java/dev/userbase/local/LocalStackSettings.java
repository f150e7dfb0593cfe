package dev.userbase.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the stack runs: addresses, where data lives, timings. {@link #fromEnvironment} reads the
 * documented environment variables and command-line flags; tests build their own (ephemeral ports,
 * a temporary directory).
 *
 * @param dynamoDbPort 0 for any free port (likewise the other ports)
 * @param dataDirectory {@code .local/}: data, event log, on-failure destination, cognito.json
 * @param inMemory keep DynamoDB and cognito-local data in memory/temporary files; start clean
 * @param home the project's root (where {@code local/} is), to find node_modules and the wrapper script
 * @param rulesFile event rules and targets to load, if any
 * @param ttlSweepInterval how often expired items are deleted; zero disables
 * @param streamPollInterval how often an idle shard is polled (Lambda: four times a second)
 * @param loginPort managed login (the hosted sign-in pages and OAuth endpoints)
 * @param callbackUrls the app client's callback URLs, which {@code redirect_uri} must match exactly
 * @param logoutUrls the app client's sign-out URLs, which {@code logout_uri} must match exactly
 */
public record LocalStackSettings(
        String host,
        int dynamoDbPort,
        int cognitoPort,
        int awsPort,
        int apiPort,
        Path dataDirectory,
        boolean inMemory,
        boolean reset,
        Path home,
        String region,
        Duration followCounterWindow,
        Optional<Path> rulesFile,
        Duration ttlSweepInterval,
        Duration streamPollInterval,
        boolean echoCognitoConsole,
        int loginPort,
        List<String> callbackUrls,
        List<String> logoutUrls) {

    public static final String DYNAMODB_PORT = "LOCAL_DYNAMODB_PORT";
    public static final String COGNITO_PORT = "LOCAL_COGNITO_PORT";
    public static final String AWS_PORT = "LOCAL_AWS_PORT";
    public static final String API_PORT = "LOCAL_API_PORT";
    public static final String FOLLOW_WINDOW = "LOCAL_FOLLOW_WINDOW_SECONDS";
    public static final String TTL_SWEEP = "LOCAL_TTL_SWEEP_SECONDS";
    public static final String EVENT_RULES = "LOCAL_EVENT_RULES";
    public static final String LOGIN_PORT = "LOCAL_LOGIN_PORT";
    public static final String CALLBACK_URLS = "LOCAL_CALLBACK_URLS";
    public static final String LOGOUT_URLS = "LOCAL_LOGOUT_URLS";
    /** The Vite dev server's address, both spellings: what a front end started with {@code npm run dev} uses. */
    public static final List<String> DEFAULT_APP_URLS = List.of("http://127.0.0.1:5173/", "http://localhost:5173/");

    public LocalStackSettings {
        callbackUrls = List.copyOf(callbackUrls);
        logoutUrls = List.copyOf(logoutUrls);
    }

    /** Settings without managed login's own: any free port for it, the default callback and sign-out URLs. */
    public LocalStackSettings(String host, int dynamoDbPort, int cognitoPort, int awsPort, int apiPort, Path dataDirectory,
                              boolean inMemory, boolean reset, Path home, String region, Duration followCounterWindow,
                              Optional<Path> rulesFile, Duration ttlSweepInterval, Duration streamPollInterval,
                              boolean echoCognitoConsole) {
        this(host, dynamoDbPort, cognitoPort, awsPort, apiPort, dataDirectory, inMemory, reset, home, region,
                followCounterWindow, rulesFile, ttlSweepInterval, streamPollInterval, echoCognitoConsole,
                0, DEFAULT_APP_URLS, DEFAULT_APP_URLS);
    }

    /** The same settings with other callback and sign-out URLs for the app client. */
    public LocalStackSettings withAppUrls(List<String> callbacks, List<String> logouts) {
        return new LocalStackSettings(host, dynamoDbPort, cognitoPort, awsPort, apiPort, dataDirectory, inMemory, reset,
                home, region, followCounterWindow, rulesFile, ttlSweepInterval, streamPollInterval, echoCognitoConsole,
                loginPort, callbacks, logouts);
    }

    public Path nodeModules() {
        return home.resolve("local/node_modules");
    }

    public Path cognitoWrapper() {
        return home.resolve("local/cognito-local.js");
    }

    public Path cognitoStateFile() {
        return dataDirectory.resolve("cognito.json");
    }

    public Path eventsFile() {
        return dataDirectory.resolve("events.jsonl");
    }

    public Path failuresFile() {
        return dataDirectory.resolve("dlq.jsonl");
    }

    /** The stack's outputs, with the keys of a deployed stack's ({@code scripts/smoke --local} reads them). */
    public Path outputsFile() {
        return dataDirectory.resolve("outputs.json");
    }

    public LocalStackSettings withPorts(int dynamoDb, int cognito, int aws, int api) {
        return new LocalStackSettings(host, dynamoDb, cognito, aws, api, dataDirectory, inMemory, reset, home, region,
                followCounterWindow, rulesFile, ttlSweepInterval, streamPollInterval, echoCognitoConsole,
                loginPort, callbackUrls, logoutUrls);
    }

    /**
     * Settings from the command line ({@code --in-memory}, {@code --reset}, {@code --dir DIR},
     * {@code --rules FILE}) and the environment ({@code LOCAL_*_PORT}, {@code LOCAL_FOLLOW_WINDOW_SECONDS},
     * {@code LOCAL_TTL_SWEEP_SECONDS}, {@code LOCAL_EVENT_RULES}).
     */
    public static LocalStackSettings fromEnvironment(String[] args, Map<String, String> env, Path home) {
        boolean inMemory = false;
        boolean reset = false;
        Path dir = Path.of(".local");
        Optional<Path> rules = Optional.ofNullable(env.get(EVENT_RULES)).filter(s -> !s.isBlank()).map(Path::of);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--in-memory" -> inMemory = true;
                case "--reset" -> reset = true;
                case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
                case "--rules" -> rules = Optional.of(Path.of(value(args, ++i, "--rules")));
                case "-h", "--help" -> throw new UsageException(usage());
                default -> throw new UsageException("unknown option " + args[i] + "\n" + usage());
            }
        }
        if (rules.isEmpty() && java.nio.file.Files.isRegularFile(dir.resolve("event-rules.json"))) {
            rules = Optional.of(dir.resolve("event-rules.json"));
        }
        return new LocalStackSettings(
                "127.0.0.1",
                port(env, DYNAMODB_PORT, 8000),
                port(env, COGNITO_PORT, 9229),
                port(env, AWS_PORT, 4000),
                port(env, API_PORT, 8080),
                dir,
                inMemory,
                reset,
                home,
                "us-east-1",
                Duration.ofSeconds(number(env, FOLLOW_WINDOW, 5, 1, 900)),
                rules,
                Duration.ofSeconds(number(env, TTL_SWEEP, 10, 0, 86_400)),
                Duration.ofMillis(250),
                true,
                port(env, LOGIN_PORT, 9230),
                urls(env, CALLBACK_URLS),
                urls(env, LOGOUT_URLS));
    }

    public static String usage() {
        return """
                usage: local/start [--in-memory] [--reset] [--dir DIR] [--rules FILE]
                  --in-memory   keep DynamoDB and Cognito data in memory: start clean, keep nothing
                  --reset       delete the data kept under DIR before starting
                  --dir DIR     where data, events.jsonl, dlq.jsonl and cognito.json live (default .local)
                  --rules FILE  event rules and targets (default DIR/event-rules.json if it exists)
                environment: LOCAL_DYNAMODB_PORT (8000), LOCAL_COGNITO_PORT (9229), LOCAL_AWS_PORT (4000),
                  LOCAL_API_PORT (8080), LOCAL_FOLLOW_WINDOW_SECONDS (5), LOCAL_TTL_SWEEP_SECONDS (10, 0 = off),
                  LOCAL_EVENT_RULES, LOCAL_LOGIN_PORT (9230), LOCAL_CALLBACK_URLS and LOCAL_LOGOUT_URLS
                  (comma-separated; default http://127.0.0.1:5173/,http://localhost:5173/); and the handlers' own settings (EMAIL_DOMAIN_ALLOWLIST, ...)""";
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value\n" + usage());
        }
        return args[i];
    }

    private static List<String> urls(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return DEFAULT_APP_URLS;
        }
        List<String> urls = java.util.Arrays.stream(value.split(",")).map(String::strip).filter(u -> !u.isEmpty()).toList();
        for (String url : urls) {
            try {
                java.net.URI uri = new java.net.URI(url);
                if (!uri.isAbsolute() || uri.getRawAuthority() == null || uri.getRawFragment() != null) {
                    throw new UsageException(name + ": '" + url + "' must be an absolute URL without a fragment");
                }
            } catch (java.net.URISyntaxException e) {
                throw new UsageException(name + ": '" + url + "' is not a URL");
            }
        }
        return urls;
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        return (int) number(env, name, defaultPort, 0, 65535);
    }

    private static long number(Map<String, String> env, String name, long defaultValue, long min, long max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < min || parsed > max) {
                throw new UsageException(name + " must be between " + min + " and " + max + ", got " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, got '" + value + "'");
        }
    }

    /** A command line or environment the stack cannot start with. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
