package dev.userbase.local.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.userbase.events.EventContract;
import dev.userbase.local.Json;
import dev.userbase.local.cognito.ConfirmationCodes;
import dev.userbase.local.events.EventLog;
import dev.userbase.local.http.LocalHttpServer;
import dev.userbase.local.http.QueryString;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

/**
 * The developer console at {@code /console/} on the local AWS endpoint: a small front end (plain ES
 * modules from the classpath, no CDN) and the JSON it reads. What it shows comes the way clients get
 * it, never from the tables: users, profiles, followers and audit through the REST API with an
 * administrator's token ({@code /console/api/rest/...} forwards there), Cognito status and groups
 * from cognito-local's admin API, events from the local bus (live as server-sent events, each checked
 * against its published schema), the on-failure destination's entries, and the outbox (the codes
 * cognito-local printed, the email-change messages the API wrote).
 */
public final class Console implements HttpHandler {

    private static final Logger LOG = LogManager.getLogger(Console.class);
    public static final String PATH = "/console/";
    private static final Map<String, String> ASSETS = Map.of(
            "", "index.html", "index.html", "index.html", "console.js", "console.js", "console.css", "console.css");
    private static final Set<String> FORWARDED_HEADERS = Set.of("content-type", "if-match", "idempotency-key");
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    /** Where the console finds the rest of the stack. */
    public record Sources(String apiUrl, String loginUrl, String userPoolId, String clientId, EventLog events,
                          EventLog deadLetters, ConfirmationCodes codes, Path outbox) {
    }

    private final Sources sources;
    private final CognitoIdentityProviderClient cognito;
    private final ConsoleAdmin admin;
    /** Loaded when first needed: the stack's start-up does not wait for the schemas. */
    private volatile EventContract contract;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Console(Sources sources, CognitoIdentityProviderClient cognito, Clock clock) {
        this.sources = sources;
        this.cognito = cognito;
        this.admin = new ConsoleAdmin(cognito, sources.userPoolId(), sources.clientId(), clock);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String full = exchange.getRequestURI().getPath();
        if (!full.startsWith(PATH)) {
            exchange.getResponseHeaders().set("Location", PATH);
            exchange.sendResponseHeaders(302, -1);
            return;
        }
        String path = full.substring(PATH.length() - 1);
        try {
            if (path.startsWith("/api/rest/")) {
                forward(exchange, path.substring("/api/rest".length()));
            } else if (path.equals("/api/info")) {
                get(exchange, () -> Json.object().put("apiUrl", sources.apiUrl()).put("loginUrl", sources.loginUrl())
                        .put("userPoolId", sources.userPoolId()).put("clientId", sources.clientId())
                        .put("eventsFile", sources.events().file().toString())
                        .put("deadLettersFile", sources.deadLetters().file().toString()));
            } else if (path.equals("/api/events")) {
                get(exchange, this::events);
            } else if (path.equals("/api/events/stream")) {
                stream(exchange);
            } else if (path.equals("/api/dead-letters")) {
                get(exchange, () -> array(sources.deadLetters().readAll()));
            } else if (path.equals("/api/outbox")) {
                get(exchange, this::outbox);
            } else if (path.equals("/api/cognito/users")) {
                get(exchange, () -> cognitoUsers(query(exchange).getOrDefault("email", "")));
            } else if (path.startsWith("/api/cognito/users/")) {
                cognitoUser(exchange, path.substring("/api/cognito/users/".length()).split("/"));
            } else if (ASSETS.containsKey(path.substring(1))) {
                asset(exchange, ASSETS.get(path.substring(1)));
            } else {
                LocalHttpServer.sendJson(exchange, 404, Json.object().put("message", "no console page " + path));
            }
        } catch (CognitoIdentityProviderException e) {
            LocalHttpServer.sendJson(exchange, 400, Json.object().put("message", "cognito-local: "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage())));
        }
    }

    // ---------------------------------------------------------------- the REST API, as an administrator

    private void forward(HttpExchange exchange, String apiPath) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        URI target = URI.create(sources.apiUrl() + apiPath + (query == null ? "" : "?" + query));
        byte[] body = LocalHttpServer.body(exchange);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + admin.idToken())
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (FORWARDED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().firstValue("ETag").ifPresent(tag -> exchange.getResponseHeaders().set("ETag", tag));
            LocalHttpServer.send(exchange, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LocalHttpServer.sendJson(exchange, 503, Json.object().put("message", "the stack is stopping"));
        }
    }

    // ---------------------------------------------------------------- events

    private ArrayNode events() {
        ArrayNode list = Json.array();
        for (JsonNode event : sources.events().readAll()) {
            list.add(checked(event));
        }
        return list;
    }

    /** An event with the result of checking its detail against the published schema of its detail type. */
    private ObjectNode checked(JsonNode event) {
        String type = event.path("detail-type").asText(event.path("DetailType").asText(""));
        ObjectNode entry = Json.object();
        entry.set("event", event);
        ArrayNode errors = entry.putArray("schemaErrors");
        EventContract contract = contract();
        if (!contract.detailTypes().contains(type)) {
            errors.add("no published schema for detail type '" + type + "'");
        } else {
            JsonNode detail = event.path("detail");
            contract.validate(type, detail.isTextual() ? Json.parse(detail.asText()) : detail).forEach(errors::add);
        }
        return entry;
    }

    /** Server-sent events: each event the local bus logs from now on, as {@code event: bus}. */
    private void stream(HttpExchange exchange) throws IOException {
        BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>(10_000);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        try (AutoCloseable subscription = sources.events().subscribe(queue::offer)) {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!Thread.currentThread().isInterrupted()) {
                JsonNode event = queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                String message = event == null ? ": heartbeat\n\n" : "event: bus\ndata: " + Json.string(checked(event)) + "\n\n";
                out.write(message.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the browser went away
        } catch (Exception e) {
            LOG.debug("event stream ended: {}", e.toString());
        }
    }

    // ---------------------------------------------------------------- outbox, Cognito

    private ObjectNode outbox() throws IOException {
        ObjectNode outbox = Json.object();
        ArrayNode codes = outbox.putArray("confirmationCodes");
        for (ConfirmationCodes.Delivery delivery : sources.codes().all()) {
            codes.addObject().put("username", delivery.username()).put("destination", delivery.destination())
                    .put("code", delivery.code()).put("at", delivery.at().toString());
        }
        ArrayNode messages = outbox.putArray("emailChanges");
        if (Files.isDirectory(sources.outbox())) {
            try (Stream<Path> files = Files.list(sources.outbox())) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json"))
                        .sorted(Comparator.comparing(Path::getFileName).reversed()).limit(200).toList()) {
                    try {
                        ObjectNode message = (ObjectNode) Json.parse(Files.readAllBytes(file));
                        message.put("file", file.getFileName().toString());
                        messages.add(message);
                    } catch (IOException | IllegalArgumentException | ClassCastException e) {
                        // a file being written: next time
                    }
                }
            }
        }
        return outbox;
    }

    /** The pool's users (cognito-local answers in one page), those whose email contains {@code email} if given. */
    private ArrayNode cognitoUsers(String email) {
        ArrayNode list = Json.array();
        String wanted = email.trim().toLowerCase(java.util.Locale.ROOT);
        for (UserType user : cognito.listUsers(r -> r.userPoolId(sources.userPoolId())).users()) {
            String address = attribute(user.attributes(), "email");
            if (address.equals(ConsoleAdmin.USERNAME) || !address.toLowerCase(java.util.Locale.ROOT).contains(wanted)) {
                continue;
            }
            list.add(user(user.username(), user.attributes(), user.userStatusAsString(), user.enabled()));
        }
        return list;
    }

    private void cognitoUser(HttpExchange exchange, String[] parts) throws IOException {
        String sub = parts[0];
        Optional<UserType> found = cognito.listUsers(r -> r.userPoolId(sources.userPoolId()).filter("sub = \"" + sub.replace("\"", "") + "\""))
                .users().stream().findFirst();
        if (found.isEmpty() || sub.isBlank()) {
            LocalHttpServer.sendJson(exchange, 404, Json.object().put("message", "no user with sub " + sub + " in the pool"));
            return;
        }
        String username = found.get().username();
        String method = exchange.getRequestMethod();
        if (parts.length == 1 && method.equals("GET")) {
            ObjectNode user = user(username, found.get().attributes(), found.get().userStatusAsString(), found.get().enabled());
            ArrayNode groups = user.putArray("groups");
            cognito.adminListGroupsForUser(r -> r.userPoolId(sources.userPoolId()).username(username)).groups()
                    .forEach(g -> groups.add(g.groupName()));
            LocalHttpServer.sendJson(exchange, 200, user);
        } else if (parts.length == 2 && parts[1].equals("confirm") && method.equals("POST")) {
            cognito.adminConfirmSignUp(r -> r.userPoolId(sources.userPoolId()).username(username));
            LocalHttpServer.sendJson(exchange, 200, Json.object().put("confirmed", true));
        } else if (parts.length == 3 && parts[1].equals("groups") && method.equals("PUT")) {
            cognito.adminAddUserToGroup(r -> r.userPoolId(sources.userPoolId()).username(username).groupName(parts[2]));
            LocalHttpServer.sendJson(exchange, 200, Json.object().put("group", parts[2]));
        } else if (parts.length == 3 && parts[1].equals("groups") && method.equals("DELETE")) {
            cognito.adminRemoveUserFromGroup(r -> r.userPoolId(sources.userPoolId()).username(username).groupName(parts[2]));
            LocalHttpServer.sendJson(exchange, 200, Json.object().put("group", parts[2]));
        } else {
            LocalHttpServer.sendJson(exchange, 405, Json.object().put("message", method + " is not a console action here"));
        }
    }

    private static ObjectNode user(String username, List<AttributeType> attributes, String status, Boolean enabled) {
        ObjectNode user = Json.object().put("username", username).put("sub", attribute(attributes, "sub"))
                .put("email", attribute(attributes, "email")).put("status", status)
                .put("enabled", enabled == null || enabled);
        ObjectNode all = user.putObject("attributes");
        attributes.forEach(a -> all.put(a.name(), a.value()));
        return user;
    }

    private static String attribute(List<AttributeType> attributes, String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).map(AttributeType::value).findFirst().orElse("");
    }

    private EventContract contract() {
        EventContract loaded = contract;
        if (loaded == null) {
            synchronized (this) {
                if (contract == null) {
                    contract = EventContract.load();
                }
                loaded = contract;
            }
        }
        return loaded;
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface JsonSource {
        Object get() throws IOException;
    }

    private static void get(HttpExchange exchange, JsonSource source) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            LocalHttpServer.sendJson(exchange, 405, Json.object().put("message", "GET only"));
            return;
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        LocalHttpServer.sendJson(exchange, 200, source.get());
    }

    private static ArrayNode array(List<JsonNode> documents) {
        ArrayNode list = Json.array();
        documents.forEach(list::add);
        return list;
    }

    private static void asset(HttpExchange exchange, String name) throws IOException {
        try (InputStream in = Console.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                LocalHttpServer.sendJson(exchange, 404, Json.object().put("message", name + " is missing from the build"));
                return;
            }
            String type = name.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'");
            LocalHttpServer.send(exchange, 200, type, in.readAllBytes());
        }
    }

    /** Query parameters, for handlers that take them. */
    static Map<String, String> query(HttpExchange exchange) {
        return QueryString.parse(exchange.getRequestURI().getRawQuery());
    }
}
