package dev.userbase.local.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.core.backfill.BackfillReport;
import dev.userbase.core.backfill.PoolBackfill;
import dev.userbase.core.migration.LegacyPasswords;
import dev.userbase.core.migration.LegacyUser;
import dev.userbase.core.migration.LegacyUsers;
import dev.userbase.core.migration.LegacyUsersTable;
import dev.userbase.core.migration.MigrationSettings;
import dev.userbase.core.migration.UserImportCsv;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.reconcile.FollowCountReconciler;
import dev.userbase.core.reconcile.ReconcileMetrics;
import dev.userbase.core.reconcile.ReconcileReport;
import dev.userbase.core.reconcile.ReconcileSettings;
import dev.userbase.core.storage.Sleeper;
import dev.userbase.core.storage.Table;
import dev.userbase.core.signup.ProfileProvisioner;
import dev.userbase.core.signup.SignUpMetrics;
import dev.userbase.local.Json;
import dev.userbase.local.LocalClients;
import dev.userbase.local.LocalStack;
import dev.userbase.local.LocalStackSettings;
import dev.userbase.local.cognito.UserPoolSetup;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code local/cli}: the steps of the walkthrough where curl would be painful, against a running
 * local stack. Cognito calls go through the real SDK to cognito-local; tokens are kept under
 * {@code .local/tokens/}. Results go to stdout (so {@code $(local/cli token ann@example.com)} works),
 * messages to stderr.
 */
public final class LocalCli {

    /** How long {@code confirm} waits for cognito-local to print a code it has not printed yet. */
    static final Duration CODE_WAIT = Duration.ofSeconds(5);

    private static final String USAGE = """
            usage: local/cli COMMAND ...
              signup EMAIL PASSWORD [NAME]   sign up through cognito-local (PreSignUp runs); prints the user's id;
                                             NAME "Given Family" becomes given_name and family_name
              confirm EMAIL [CODE]           confirm the sign-up (PostConfirmation runs); CODE defaults to the one
                                             cognito-local printed for EMAIL
              login EMAIL PASSWORD           sign in (PreTokenGeneration runs); prints the ID token, keeps the tokens
              token EMAIL                    prints the ID token kept by the last login
              admin EMAIL                    adds the user to the admin group (log in again for a token that says so)
              api EMAIL METHOD PATH [BODY]   calls the REST API as the user; prints status and body
              events [DETAIL_TYPE]           lists the events on the local bus (time, type, user, event id)
              codes                          lists the confirmation codes cognito-local printed
              legacy-add EMAIL PASSWORD NAME writes a row to the legacy-users table (bcrypt hash of PASSWORD), as the
                                             legacy system had it: local/cli login EMAIL PASSWORD then migrates it
              legacy-csv                     prints the legacy-users table as a Cognito user-import CSV (the bulk path)
              backfill                       gives every confirmed user of the local pool a profile (as the Backfill
                                             function does in AWS); prints the counts
              reconcile [USER_ID] [--restart] recomputes follow counts from the follow edges and corrects drift (as
                                             the Reconcile function does in AWS), for one user or all; all users
                                             resume an unfinished run, --restart starts a finished one over;
                                             RECONCILE_SETTLE_SECONDS (2 x the follow window + 2) is the wait
                                             between a user's two looks
            environment: LOCAL_DIR (.local), LOCAL_AWS_PORT (4000), LOCAL_API_PORT (8080), LOCAL_DYNAMODB_PORT (8000),
                         LOCAL_FOLLOW_WINDOW_SECONDS (5)""";

    private final PrintStream out;
    private final PrintStream err;
    private final Path dataDirectory;
    private final String awsEndpoint;
    private final String apiUrl;
    private final URI dynamoDbEndpoint;
    private final ReconcileSettings reconcileSettings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public LocalCli(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.dataDirectory = Path.of(env.getOrDefault("LOCAL_DIR", ".local"));
        this.awsEndpoint = "http://127.0.0.1:" + env.getOrDefault("LOCAL_AWS_PORT", "4000");
        this.apiUrl = "http://127.0.0.1:" + env.getOrDefault("LOCAL_API_PORT", "8080");
        this.dynamoDbEndpoint = URI.create("http://127.0.0.1:" + env.getOrDefault("LOCAL_DYNAMODB_PORT", "8000"));
        this.reconcileSettings = localReconcileSettings(env);
    }

    /**
     * The handler modules on the classpath bring X-Ray's SDK instrumentation, which complains through
     * java.util.logging that the CLI's calls have no trace segment; a CLI has none to give.
     */
    private static final java.util.logging.Logger XRAY_LOG = java.util.logging.Logger.getLogger("com.amazonaws.xray");

    public static void main(String[] args) {
        XRAY_LOG.setLevel(java.util.logging.Level.OFF);
        System.exit(new LocalCli(System.out, System.err, System.getenv()).run(args));
    }

    public int run(String... args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            err.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "signup" -> signUp(arg(rest, 0, "EMAIL"), arg(rest, 1, "PASSWORD"), rest.size() > 2 ? rest.get(2) : null);
                case "confirm" -> confirm(arg(rest, 0, "EMAIL"), rest.size() > 1 ? rest.get(1) : null);
                case "login" -> login(arg(rest, 0, "EMAIL"), arg(rest, 1, "PASSWORD"));
                case "token" -> out.println(savedToken(arg(rest, 0, "EMAIL")));
                case "admin" -> admin(arg(rest, 0, "EMAIL"));
                case "api" -> api(arg(rest, 0, "EMAIL"), arg(rest, 1, "METHOD"), arg(rest, 2, "PATH"), rest.size() > 3 ? rest.get(3) : null);
                case "events" -> events(rest.isEmpty() ? null : rest.get(0));
                case "codes" -> codes();
                case "backfill" -> backfill();
                case "reconcile" -> reconcile(rest);
                case "legacy-csv" -> legacyCsv();
                case "legacy-add" -> legacyAdd(arg(rest, 0, "EMAIL"), arg(rest, 1, "PASSWORD"), arg(rest, 2, "NAME"));
                default -> throw new UsageError("unknown command " + args[0]);
            }
            return 0;
        } catch (UsageError e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode() + ": ";
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            err.println("error: " + code + message);
            return 1;
        } catch (SdkClientException | IOException e) {
            // a refused connection's message is null: say what could not be reached
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            err.println("error: " + message + " (is the local stack running on the ports LOCAL_*_PORT name? ./local/start)");
            return 1;
        } catch (IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private void signUp(String email, String password, String name) throws IOException {
        UserPoolSetup.UserPool pool = pool();
        try (CognitoIdentityProviderClient cognito = cognito(pool)) {
            List<AttributeType> attributes = new java.util.ArrayList<>(List.of(attribute("email", email)));
            if (name != null && !name.isBlank()) {
                // the profile takes given_name/family_name (what a sign-up form would send): "Ann Example" is both
                String[] parts = name.strip().split("\\s+", 2);
                attributes.add(attribute("given_name", parts[0]));
                if (parts.length > 1) {
                    attributes.add(attribute("family_name", parts[1]));
                }
            }
            String sub = cognito.signUp(r -> r.clientId(pool.clientId()).username(email).password(password)
                    .userAttributes(attributes)).userSub();
            out.println(sub);
            err.println("signed up " + email + "; the stack's console shows the confirmation code. Next: local/cli confirm " + email);
        }
    }

    private void confirm(String email, String givenCode) throws IOException, InterruptedException {
        UserPoolSetup.UserPool pool = pool();
        String code = givenCode != null ? givenCode : printedCode(email);
        try (CognitoIdentityProviderClient cognito = cognito(pool)) {
            cognito.confirmSignUp(r -> r.clientId(pool.clientId()).username(email).confirmationCode(code));
        }
        err.println("confirmed " + email + ". Next: local/cli login " + email + " PASSWORD");
    }

    /**
     * The latest code cognito-local printed for {@code email}. The stack reads it from cognito-local's
     * output, which can lag the sign-up's answer by a moment: a {@code signup} straight followed by a
     * {@code confirm} waits for it (up to {@link #CODE_WAIT}).
     */
    String printedCode(String email) throws IOException, InterruptedException {
        String url = awsEndpoint + "/_local/codes?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + CODE_WAIT.toNanos();
        while (true) {
            JsonNode codes = get(url);
            if (codes.isArray() && !codes.isEmpty()) {
                return codes.get(codes.size() - 1).get("code").asText();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cognito-local printed no code for " + email + " within "
                        + CODE_WAIT.toSeconds() + " s; give it: local/cli confirm EMAIL CODE");
            }
            Thread.sleep(100);
        }
    }

    private void login(String email, String password) throws IOException {
        UserPoolSetup.UserPool pool = pool();
        AuthenticationResultType tokens;
        try (CognitoIdentityProviderClient cognito = cognito(pool)) {
            tokens = cognito.initiateAuth(r -> r.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                    .authParameters(Map.of("USERNAME", email, "PASSWORD", password))).authenticationResult();
        }
        if (tokens == null) {
            throw new IllegalStateException("sign-in needs a challenge the CLI does not answer");
        }
        ObjectNode saved = Json.object()
                .put("idToken", tokens.idToken())
                .put("accessToken", tokens.accessToken())
                .put("refreshToken", tokens.refreshToken());
        Path file = tokenFile(email);
        Files.createDirectories(file.getParent());
        Files.write(file, Json.bytes(saved));
        out.println(tokens.idToken());
        err.println("signed in as " + email + "; the ID token is kept in " + file);
    }

    private String savedToken(String email) throws IOException {
        Path file = tokenFile(email);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no token for " + email + ": local/cli login " + email + " PASSWORD");
        }
        return Json.parse(Files.readAllBytes(file)).get("idToken").asText();
    }

    private void admin(String email) throws IOException {
        UserPoolSetup.UserPool pool = pool();
        try (CognitoIdentityProviderClient cognito = cognito(pool)) {
            cognito.adminAddUserToGroup(r -> r.userPoolId(pool.userPoolId()).username(email).groupName(UserPoolSetup.ADMIN_GROUP));
        }
        err.println(email + " is in the admin group; log in again for a token with cognito:groups = admin");
    }

    private void api(String email, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + savedToken(email))
                .method(method.toUpperCase(Locale.ROOT), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        err.println("HTTP " + response.statusCode());
        String text = response.body();
        try {
            text = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.parse(text));
        } catch (IllegalArgumentException e) {
            // not JSON: print as it came
        }
        if (!text.isEmpty()) {
            out.println(text);
        }
    }

    private void events(String detailType) throws IOException, InterruptedException {
        String query = detailType == null ? "" : "?detail-type=" + URLEncoder.encode(detailType, StandardCharsets.UTF_8);
        for (JsonNode event : get(awsEndpoint + "/_local/events" + query)) {
            out.printf("%s  %-28s user %-36s  id %s%n", event.path("time").asText(), event.path("detail-type").asText(),
                    event.path("detail").path("userId").asText("-"), event.path("detail").path("eventId").asText("-"));
        }
    }

    private void codes() throws IOException, InterruptedException {
        for (JsonNode code : get(awsEndpoint + "/_local/codes")) {
            out.printf("%s  %s  %s%n", code.path("destination").asText(), code.path("code").asText(), code.path("at").asText());
        }
    }

    /** A legacy row with a fresh id, the way the legacy system would have stored it. */
    private void legacyAdd(String email, String password, String name) {
        try (DynamoDbClient dynamoDb = dynamoDb()) {
            String userId = java.util.UUID.randomUUID().toString();
            new LegacyUsers(dynamoDb, new MigrationSettings(LocalStack.LEGACY_USERS_TABLE, LegacyUsersTable.EMAIL_INDEX))
                    .put(new LegacyUser(userId, email.strip().toLowerCase(Locale.ROOT), LegacyPasswords.hash(password),
                            name, false), java.time.Instant.now());
            out.println(userId);
            err.println("legacy user " + email + " added to " + LocalStack.LEGACY_USERS_TABLE + ". Next: local/cli login "
                    + email + " PASSWORD (the UserMigration trigger moves them into the pool)");
        }
    }

    /** The bulk path: the legacy table as a user-import CSV with the pool's standard header. */
    private void legacyCsv() {
        try (DynamoDbClient dynamoDb = dynamoDb()) {
            java.io.PrintWriter writer = new java.io.PrintWriter(out, true, StandardCharsets.UTF_8);
            int written = new UserImportCsv(UserImportCsv.DEFAULT_HEADER).write(new LegacyUsers(dynamoDb,
                    new MigrationSettings(LocalStack.LEGACY_USERS_TABLE, LegacyUsersTable.EMAIL_INDEX)).all(), writer);
            err.println(written + " users written; disabled rows and rows without an email are left out");
        }
    }

    /** The backfill job in this process, against cognito-local and the stack's DynamoDB. */
    private void backfill() {
        UserPoolSetup.UserPool pool = pool();
        try (CognitoIdentityProviderClient cognito = cognito(pool);
                DynamoDbClient dynamoDb = dynamoDb()) {
            Clock clock = Clock.systemUTC();
            PoolBackfill backfill = new PoolBackfill(cognito,
                    new ProfileProvisioner(dynamoDb, LocalStack.USERS_TABLE, clock, SignUpMetrics.none()),
                    dynamoDb, LocalStack.USERS_TABLE, clock, PoolBackfill.realSleep());
            BackfillReport report = backfill.run(pool.userPoolId(), () -> true,
                    ChangeContext.system("backfill", java.util.UUID.randomUUID().toString()));
            out.println(Json.MAPPER.valueToTree(report).toString());
            err.println("backfill of " + pool.userPoolId() + ": " + report.created() + " created, "
                    + report.alreadyPresent() + " already present, " + report.emailHeldByAnotherUser()
                    + " with an email held by another user, " + (report.skippedUnconfirmed() + report.skippedDisabled()
                    + report.skippedInvalid()) + " skipped");
        }
    }

    /**
     * The reconcile job in this process, against the stack's DynamoDB, while the stack's follow
     * counter keeps running: the settle time must outlast its window (docs/ARCHITECTURE.md, "Reconcile").
     */
    private void reconcile(List<String> args) {
        boolean restart = args.contains("--restart");
        List<String> users = args.stream().filter(a -> !a.equals("--restart")).toList();
        if (users.size() > 1 || (restart && !users.isEmpty())) {
            throw new UsageError("reconcile takes one USER_ID, or --restart for all users");
        }
        try (DynamoDbClient dynamoDb = dynamoDb()) {
            FollowCountReconciler reconciler = new FollowCountReconciler(new Table(dynamoDb, LocalStack.USERS_TABLE),
                    reconcileSettings, Clock.systemUTC(), Sleeper.real(), ReconcileMetrics.none());
            if (users.isEmpty()) {
                err.println("reconciling every user's follow counts (" + reconcileSettings.settle().toSeconds()
                        + " s between a user's two looks)...");
            }
            ReconcileReport report = users.isEmpty()
                    ? reconciler.reconcileAll(restart, () -> Duration.ofDays(1))
                    : reconciler.reconcileUser(users.get(0));
            out.println(Json.MAPPER.valueToTree(report).toString());
            err.println("reconcile: " + report.checked() + " checked, " + report.corrected() + " corrected (drift "
                    + report.absoluteDrift() + "), " + (report.unsettled() + report.busy())
                    + " moving, left for the next run" + (users.isEmpty() && !restart
                            ? "; an earlier finished run is answered as it was: --restart runs again" : ""));
        } catch (dev.userbase.core.error.NotFoundException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The job's settings, with a settle time that outlasts the local follow counter's window. */
    static ReconcileSettings localReconcileSettings(Map<String, String> env) {
        ReconcileSettings settings = ReconcileSettings.fromEnvironment(env);
        String settle = env.get(ReconcileSettings.SETTLE_SECONDS);
        if (settle == null || settle.isBlank()) {
            long window = Long.parseLong(env.getOrDefault(LocalStackSettings.FOLLOW_WINDOW, "5").trim());
            settings = settings.withSettle(Duration.ofSeconds(2 * window + 2));
        }
        return settings;
    }

    private DynamoDbClient dynamoDb() {
        return LocalClients.of(DynamoDbClient.builder(), dynamoDbEndpoint);
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return Json.parse(response.body());
    }

    private UserPoolSetup.UserPool pool() {
        return UserPoolSetup.UserPool.read(dataDirectory.resolve("cognito.json")).orElseThrow(() ->
                new IllegalStateException(dataDirectory.resolve("cognito.json") + " not found: start the stack first (./local/start)"));
    }

    private Path tokenFile(String email) {
        return dataDirectory.resolve("tokens").resolve(email.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9@._-]", "_") + ".json");
    }

    private static CognitoIdentityProviderClient cognito(UserPoolSetup.UserPool pool) {
        return LocalClients.of(CognitoIdentityProviderClient.builder(), pool.endpoint());
    }

    private static AttributeType attribute(String name, String value) {
        return AttributeType.builder().name(name).value(value).build();
    }

    private static String arg(List<String> args, int index, String name) {
        if (index >= args.size() || args.get(index).isBlank()) {
            throw new UsageError("missing " + name);
        }
        return args.get(index);
    }

    private static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }
}
