package dev.userbase.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.sun.net.httpserver.HttpExchange;

import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.ApiSettings;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.deploy.StackOutput;
import dev.userbase.core.migration.LegacyUsersTable;
import dev.userbase.core.migration.MigrationSettings;
import dev.userbase.core.privacy.Pseudonyms;
import dev.userbase.core.table.IdempotencyTable;
import dev.userbase.core.table.TableDefinition;
import dev.userbase.core.table.UsersTable;
import dev.userbase.dynamodb.sdk.LocalDynamoDb;
import dev.userbase.local.api.CognitoAuthorizer;
import dev.userbase.local.api.RestApiGateway;
import dev.userbase.local.cognito.CognitoLocal;
import dev.userbase.local.cognito.ConfirmationCodes;
import dev.userbase.local.cognito.UserPoolSetup;
import dev.userbase.local.console.Console;
import dev.userbase.local.dynamodb.StackDynamoDb;
import dev.userbase.local.events.EventBridgeApi;
import dev.userbase.local.events.EventLog;
import dev.userbase.local.events.EventRulesFile;
import dev.userbase.local.events.LocalEventBus;
import dev.userbase.local.http.LocalHttpServer;
import dev.userbase.local.http.QueryString;
import dev.userbase.local.lambda.FunctionDefinition;
import dev.userbase.local.lambda.FunctionRegistry;
import dev.userbase.local.lambda.LambdaInvokeApi;
import dev.userbase.local.lambda.LocalFunction;
import dev.userbase.local.lambda.ReflectiveHandlerFactory;
import dev.userbase.local.login.AppClient;
import dev.userbase.local.login.HostedLogin;
import dev.userbase.local.streams.Checkpoints;
import dev.userbase.local.streams.EventSourceMapping;
import dev.userbase.local.streams.StreamPoller;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The whole pipeline on one machine: DynamoDB (the project's embedded engine), cognito-local with its triggers wired to the
 * local Lambda endpoint, the local AWS endpoint (Lambda Invoke, EventBridge PutEvents, the event
 * log), the REST API behind a Cognito authorizer, and the stream pollers, all running the real
 * handler classes. {@link #main} is what {@code ./local/start} runs.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(LocalStack.class);
    public static final String USERS_TABLE = "users";
    public static final String LEGACY_USERS_TABLE = LegacyUsersTable.DEFAULT_NAME;
    public static final String IDEMPOTENCY_TABLE = "users-idempotency";
    public static final String EVENT_BUS = "users";
    /** Under the data directory: the generated {@code CURSOR_SIGNING_KEY} ({@link KeptSecrets}). */
    public static final String CURSOR_SIGNING_KEY_FILE = "cursor-signing-key";
    /** Under the data directory: the generated {@code AUDIT_PSEUDONYM_KEY} ({@link KeptSecrets}). */
    public static final String AUDIT_PSEUDONYM_KEY_FILE = "audit-pseudonym-key";
    /** The usual front-end dev servers (Vite, create-react-app/Next.js); {@code CORS_ALLOWED_ORIGINS} replaces them. */
    public static final String DEFAULT_CORS_ORIGINS =
            "http://localhost:5173,http://127.0.0.1:5173,http://localhost:3000,http://127.0.0.1:3000";

    private final LocalStackSettings settings;
    /** Everything started, closed in reverse order. */
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final ConfirmationCodes codes;
    private LocalDynamoDb dynamoDb;
    private CognitoLocal cognito;
    private UserPoolSetup.UserPool userPool;
    private LocalHttpServer awsServer;
    private LocalHttpServer apiServer;
    private LocalHttpServer loginServer;
    private FunctionRegistry functions;
    private LocalEventBus eventBus;
    private EventLog failures;
    private final List<StreamPoller> pollers = new ArrayList<>();
    private final List<String> missingHandlers = new ArrayList<>();
    private volatile boolean closed;

    private LocalStack(LocalStackSettings settings, Clock clock) {
        this.settings = settings;
        this.codes = new ConfirmationCodes(clock);
    }

    /** Starts every part and returns once each answers. On failure, whatever started is stopped again. */
    public static LocalStack start(LocalStackSettings settings, StackFunctions stackFunctions, Clock clock) throws Exception {
        LocalStack stack = new LocalStack(settings, clock);
        try {
            stack.startParts(stackFunctions, clock);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startParts(StackFunctions stackFunctions, Clock clock) throws Exception {
        Path dataDir = settings.dataDirectory();
        if (settings.reset()) {
            // the data only: a developer's own files there (event-rules.json) stay
            for (String data : List.of("dynamodb", "cognito", "tokens", "outbox", "events.jsonl", "dlq.jsonl",
                    "stream-checkpoints.json", "cognito.json", CURSOR_SIGNING_KEY_FILE, AUDIT_PSEUDONYM_KEY_FILE)) {
                deleteRecursively(dataDir.resolve(data));
            }
        }
        Files.createDirectories(dataDir);

        // Bind the HTTP ports first: cognito-local's configuration needs the Lambda endpoint's address.
        awsServer = track(LocalHttpServer.bind(settings.host(), settings.awsPort(), "aws-endpoint"));
        apiServer = track(LocalHttpServer.bind(settings.host(), settings.apiPort(), "rest-api"));
        loginServer = track(LocalHttpServer.bind(settings.host(), settings.loginPort(), "managed-login"));

        int cognitoPort = settings.cognitoPort() == 0 ? freePort() : settings.cognitoPort();
        Path cognitoDir = settings.inMemory()
                ? Files.createTempDirectory("userbase-cognito-local")
                : dataDir.resolve("cognito");
        Files.createDirectories(cognitoDir);
        if (settings.inMemory()) {
            resources.push(() -> deleteRecursively(cognitoDir));
        }
        cognito = track(CognitoLocal.start(new CognitoLocal.Settings(settings.nodeModules(), settings.cognitoWrapper(),
                cognitoDir, settings.host(), cognitoPort, URI.create(awsServer.url()), settings.region(),
                stackFunctions.cognitoTriggers(), settings.echoCognitoConsole()), codes));

        // The DynamoDB engine starts in this process while node starts cognito-local. It carries out TTL
        // itself (LOCAL_TTL_SWEEP_SECONDS), its REMOVE records marked with DynamoDB's service identity.
        Map<String, TableDefinition> tables = new java.util.LinkedHashMap<>();
        tables.put(USERS_TABLE, UsersTable.DEFINITION);
        tables.put(IDEMPOTENCY_TABLE, IdempotencyTable.DEFINITION);
        // the empty legacy directory the UserMigration trigger reads (local/cli legacy-add fills it)
        tables.put(LEGACY_USERS_TABLE, LegacyUsersTable.DEFINITION);
        dynamoDb = track(StackDynamoDb.start(settings.host(), settings.dynamoDbPort(),
                settings.inMemory() ? Optional.empty() : Optional.of(dataDir.resolve("dynamodb")),
                Region.of(settings.region()), settings.ttlSweepInterval(), clock));
        Map<String, TableDescription> described = StackDynamoDb.ensureTables(dynamoDb.client(), tables);

        cognito.awaitHealthy(Duration.ofSeconds(30));
        try (CognitoIdentityProviderClient admin = cognitoClient(cognito.endpoint(), settings.region())) {
            userPool = UserPoolSetup.ensure(admin, cognito.endpoint(), settings.cognitoStateFile(), !settings.inMemory());
            UserPoolSetup.registerManagedLogin(admin, userPool, settings.callbackUrls(), settings.logoutUrls());
        }

        Map<String, String> environment = handlerEnvironment();
        AwsClients clients = AwsClients.create(UsersConfig.fromEnvironment(environment), LocalDynamoDb.CREDENTIALS);
        functions = track(new FunctionRegistry(settings.region(), new StackHandlers(clients, clock, environment), clock));
        for (FunctionDefinition definition : stackFunctions.all()) {
            functions.register(definition);
            if (!ReflectiveHandlerFactory.available(definition.handlerClass())) {
                missingHandlers.add(definition.handlerClass());
            }
        }

        EventLog events = track(new EventLog(settings.eventsFile(), settings.inMemory()));
        failures = track(new EventLog(settings.failuresFile(), settings.inMemory()));
        eventBus = track(new LocalEventBus(settings.region(), FunctionRegistry.ACCOUNT, clock, events,
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4))));
        eventBus.createBus(EVENT_BUS);
        if (settings.rulesFile().isPresent()) {
            List<String> rules = EventRulesFile.load(settings.rulesFile().get(), eventBus, EVENT_BUS, functions::get);
            LOG.info("event rules from {}: {}", settings.rulesFile().get(), rules);
        }

        LambdaInvokeApi lambdaApi = new LambdaInvokeApi(functions);
        EventBridgeApi eventBridgeApi = new EventBridgeApi(eventBus);
        awsServer.handle("/", exchange -> {
            if (EventBridgeApi.accepts(exchange)) {
                eventBridgeApi.handle(exchange);
            } else {
                LocalHttpServer.sendJson(exchange, 404, Json.object().put("message",
                        "the local AWS endpoint serves Lambda Invoke, EventBridge PutEvents and /_local/*"));
            }
        });
        awsServer.handle(LambdaInvokeApi.PATH, lambdaApi);
        awsServer.handle("/_local/events", EventBridgeApi.listing(eventBus));
        awsServer.handle("/_local/codes", this::listCodes);
        awsServer.handle("/_local/health", exchange -> LocalHttpServer.sendJson(exchange, 200, Json.object().put("ok", true)));
        CognitoAuthorizer authorizer = CognitoAuthorizer.forPool(cognito.endpoint(), userPool.userPoolId(),
                userPool.clientId(), clock);
        ApiSettings apiSettings = ApiSettings.fromEnvironment(environment);
        apiServer.handle("/", new RestApiGateway(apiFunction -> functions.get(
                stackFunctions.api().get(apiFunction).name()), authorizer, clock, apiSettings.corsAllowedOrigins()));
        apiServer.handle("/_local/health", exchange -> LocalHttpServer.sendJson(exchange, 200, Json.object().put("ok", true)));
        startManagedLogin(authorizer, clock);
        awsServer.handle("/console", new Console(new Console.Sources(apiServer.url(), loginServer.url(), userPool.userPoolId(),
                userPool.clientId(), events, failures, codes, apiSettings.emailOutbox()),
                track(cognitoClient(cognito.endpoint(), settings.region())), clock));
        awsServer.start();
        apiServer.start();

        String streamArn = described.get(USERS_TABLE).latestStreamArn();
        DynamoDbStreamsClient streams = track(dynamoDb.newStreamsClient());
        Checkpoints checkpoints = settings.inMemory()
                ? Checkpoints.inMemory()
                : Checkpoints.inFile(dataDir.resolve("stream-checkpoints.json"));
        startPoller(stackFunctions.followCounter(), stackFunctions.followCounterMapping(), streams, streamArn, checkpoints, clock);
        startPoller(stackFunctions.changeStream(), stackFunctions.changeStreamMapping(), streams, streamArn, checkpoints, clock);

        awaitAnswers();
        writeOutputs();
        warmFunctions();
    }

    /** Managed login on its own port, signing users in to the pool's one app client through cognito-local. */
    private void startManagedLogin(CognitoAuthorizer authorizer, Clock clock) {
        AppClient appClient = new AppClient(userPool.clientId(), settings.callbackUrls(), settings.logoutUrls(),
                AppClient.ALL_SCOPES);
        CognitoIdentityProviderClient loginClient = track(cognitoClient(cognito.endpoint(), settings.region()));
        loginServer.handle("/", new HostedLogin(loginClient, appClient, codes, authorizer, authorizer.issuer(), clock)
                .at(loginServer.url()));
        loginServer.start();
    }

    /**
     * {@code outputs.json}: the keys a deployed stack's outputs have ({@link StackOutput}), with the local
     * stack's values, so clients and the smoke test ({@code scripts/smoke --local}) find it as they find a
     * stage. Where a deployed stack names its event log group, this names the local bus's {@code events.jsonl}.
     * {@code null} marks what has no local counterpart. Removed when the stack stops.
     */
    private void writeOutputs() throws IOException {
        Map<StackOutput, String> values = new java.util.EnumMap<>(StackOutput.class);
        values.put(StackOutput.API_URL, apiServer.url() + "/");
        values.put(StackOutput.USERS_TABLE_NAME, USERS_TABLE);
        values.put(StackOutput.IDEMPOTENCY_TABLE_NAME, IDEMPOTENCY_TABLE);
        values.put(StackOutput.EVENT_BUS_NAME, EVENT_BUS);
        values.put(StackOutput.EVENT_BUS_ARN, "arn:aws:events:" + settings.region() + ":" + FunctionRegistry.ACCOUNT
                + ":event-bus/" + EVENT_BUS);
        values.put(StackOutput.EVENT_LOG_GROUP_NAME, settings.eventsFile().toAbsolutePath().normalize().toString());
        values.put(StackOutput.USER_POOL_ID, userPool.userPoolId());
        values.put(StackOutput.USER_POOL_PROVIDER_URL,
                cognito.endpoint().toString().replaceAll("/$", "") + "/" + userPool.userPoolId());
        values.put(StackOutput.USER_POOL_CLIENT_ID, userPool.clientId());
        // The local authorizer accepts the one app client's tokens; cognito-local signs in admins through it too.
        values.put(StackOutput.SMOKE_TEST_CLIENT_ID, userPool.clientId());
        var json = Json.object();
        for (StackOutput output : StackOutput.values()) {
            json.put(output.key(), values.get(output));
        }
        Path file = settings.outputsFile();
        Files.writeString(file, Json.string(json) + "\n");
        resources.push(() -> Files.deleteIfExists(file));
    }

    /**
     * Loads each available handler and creates one environment in the background, so the first sign-up
     * or request does not pay the cold start (what provisioned concurrency does in AWS).
     */
    private void warmFunctions() {
        Thread warmer = new Thread(() -> {
            for (LocalFunction function : functions.all()) {
                if (closed) {
                    return;
                }
                if (ReflectiveHandlerFactory.available(function.definition().handlerClass())) {
                    function.warm();
                }
            }
        }, "lambda-warm-up");
        warmer.setDaemon(true);
        warmer.start();
    }

    private void startPoller(FunctionDefinition function, EventSourceMapping mapping, DynamoDbStreamsClient streams,
                             String streamArn, Checkpoints checkpoints, Clock clock) {
        if (!ReflectiveHandlerFactory.available(function.handlerClass())) {
            // Without its handler the mapping would only fill the on-failure destination: leave the stream unread.
            LOG.warn("{} not on the classpath: the {} stream consumer is not started", function.handlerClass(), function.name());
            return;
        }
        StreamPoller poller = new StreamPoller(mapping, functions.get(function.name()), streams, streamArn,
                settings.region(), checkpoints, failures, clock, settings.streamPollInterval());
        poller.start();
        pollers.add(track(poller));
    }

    /** What the handlers read from their environment in Lambda, pointing at the local parts. */
    private Map<String, String> handlerEnvironment() throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(UsersConfig.REGION, settings.region());
        env.put(UsersConfig.USERS_TABLE, USERS_TABLE);
        env.put(UsersConfig.IDEMPOTENCY_TABLE, IDEMPOTENCY_TABLE);
        env.put(MigrationSettings.LEGACY_USERS_TABLE, LEGACY_USERS_TABLE);
        env.put(UsersConfig.USER_POOL_ID, userPool.userPoolId());
        env.put(UsersConfig.EVENT_BUS_NAME, EVENT_BUS);
        env.putIfAbsent(UsersConfig.EVENT_SOURCE, UsersConfig.DEFAULT_EVENT_SOURCE);
        KeptSecrets secrets = new KeptSecrets(settings.dataDirectory(), settings.inMemory());
        // kept with the data: cursors stay valid, and an erased user's audit pseudonym stays the same, across restarts
        env.putIfAbsent(UsersConfig.CURSOR_SIGNING_KEY, secrets.keep(CURSOR_SIGNING_KEY_FILE));
        env.putIfAbsent(Pseudonyms.SETTING, secrets.keep(AUDIT_PSEUDONYM_KEY_FILE));
        env.put(UsersConfig.DYNAMODB_ENDPOINT, dynamoDb.endpoint().toString());
        env.put(UsersConfig.EVENTBRIDGE_ENDPOINT, awsServer.url());
        env.put(UsersConfig.COGNITO_ENDPOINT, cognito.endpoint().toString());
        // email-change confirmations land as files in the outbox, as a developer can read them
        env.putIfAbsent(ApiSettings.EMAIL_CHANGE_DELIVERY, "outbox");
        env.putIfAbsent(ApiSettings.EMAIL_OUTBOX_DIR, settings.dataDirectory().resolve("outbox").toString());
        // the app signing in through managed login calls the API from its callback URLs' origins
        java.util.Set<String> origins = new java.util.LinkedHashSet<>(List.of(DEFAULT_CORS_ORIGINS.split(",")));
        for (String url : settings.callbackUrls()) {
            URI uri = URI.create(url);
            if (uri.getScheme().startsWith("http")) {
                origins.add(uri.getScheme() + "://" + uri.getRawAuthority());
            }
        }
        env.putIfAbsent(ApiSettings.CORS_ALLOWED_ORIGINS, String.join(",", origins));
        return env;
    }

    private void listCodes(HttpExchange exchange) throws IOException {
        Map<String, String> query = QueryString.parse(exchange.getRequestURI().getRawQuery());
        var list = Json.array();
        codes.all().stream()
                .filter(d -> query.get("email") == null || d.destination().equalsIgnoreCase(query.get("email")))
                .forEach(d -> list.addObject()
                        .put("username", d.username())
                        .put("destination", d.destination())
                        .put("code", d.code())
                        .put("at", d.at().toString()));
        LocalHttpServer.sendJson(exchange, 200, list);
    }

    /** Asks every part for an answer, the way a client would, before the stack calls itself ready. */
    private void awaitAnswers() throws IOException, InterruptedException {
        dynamoDb.client().listTables();
        HttpClient http = HttpClient.newHttpClient();
        for (URI uri : List.of(cognito.endpoint().resolve("/health"), URI.create(awsServer.url() + "/_local/health"),
                URI.create(apiServer.url() + "/_local/health"), URI.create(loginServer.url() + "/_local/health"))) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode());
            }
        }
    }

    static CognitoIdentityProviderClient cognitoClient(URI endpoint, String region) {
        return LocalClients.of(CognitoIdentityProviderClient.builder(), endpoint, Region.of(region));
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.push(resource);
        return resource;
    }

    // ---------------------------------------------------------------- what clients and tests need

    public LocalStackSettings settings() {
        return settings;
    }

    public String apiUrl() {
        return apiServer.url();
    }

    /** Managed login: the base of {@code /oauth2/authorize}, {@code /login}, ... */
    public String loginUrl() {
        return loginServer.url();
    }

    public String awsEndpoint() {
        return awsServer.url();
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    public URI cognitoEndpoint() {
        return cognito.endpoint();
    }

    public UserPoolSetup.UserPool userPool() {
        return userPool;
    }

    public LocalEventBus eventBus() {
        return eventBus;
    }

    public EventLog failures() {
        return failures;
    }

    public ConfirmationCodes confirmationCodes() {
        return codes;
    }

    public LocalFunction function(String name) {
        return functions.get(name);
    }

    /** The stack's DynamoDB engine: fault injection ({@code faults()}, also {@code /_faults}), TTL sweeps. */
    public LocalDynamoDb dynamoDb() {
        return dynamoDb;
    }

    public List<String> missingHandlers() {
        return List.copyOf(missingHandlers);
    }

    public LocalFunction apiFunction(ApiFunction function) {
        return functions.get(StackFunctions.apiFunctionName(function));
    }

    /** Stops everything that was started, newest first; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("stopping {}: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }

    // ---------------------------------------------------------------- command line

    public static void main(String[] args) {
        long started = Long.getLong("userbase.local.startedAt", System.currentTimeMillis());
        LocalStackSettings settings;
        try {
            settings = LocalStackSettings.fromEnvironment(args, System.getenv(),
                    Path.of(System.getProperty("userbase.local.home", ".")).toAbsolutePath().normalize());
        } catch (LocalStackSettings.UsageException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalStack stack;
        try {
            stack = start(settings, StackFunctions.real(settings.followCounterWindow()), Clock.systemUTC());
        } catch (Exception e) {
            LOG.error("the local stack could not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the local stack");
            stack.close();
        }, "local-stack-stop"));
        for (String missing : stack.missingHandlers()) {
            System.out.println("warning: handler " + missing + " is not on the classpath; its function fails when called");
        }
        System.out.printf("""
                userbase local stack ready in %.1f s (%s)
                  REST API         %s
                  Cognito          %s   user pool %s, app client %s
                  Sign-in          %s/oauth2/authorize   (managed login; discovery at /.well-known/openid-configuration)
                  Console          %s/console/
                  AWS endpoint     %s   (Lambda Invoke, EventBridge PutEvents, /_local/events)
                  DynamoDB         %s   (embedded engine; fault injection at %s/_faults)
                  events           %s
                Ctrl-C stops it.%n""",
                (System.currentTimeMillis() - started) / 1000.0,
                settings.inMemory() ? "in memory" : "data in " + settings.dataDirectory(),
                stack.apiUrl(), stack.cognitoEndpoint(), stack.userPool().userPoolId(), stack.userPool().clientId(),
                stack.loginUrl(), stack.awsEndpoint(), stack.awsEndpoint(), stack.dynamoDbEndpoint(), stack.dynamoDbEndpoint(),
                settings.eventsFile());
    }

    // ---------------------------------------------------------------- helpers

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
