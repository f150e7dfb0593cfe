package dev.userbase.local.api;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.api.GatewayProblem;
import dev.userbase.local.Json;
import dev.userbase.local.http.LocalHttpServer;
import dev.userbase.local.http.QueryString;
import dev.userbase.local.lambda.InvocationResult;
import dev.userbase.local.lambda.LocalFunction;

/**
 * API Gateway (REST API, Lambda proxy integration) in front of the API functions: it picks the route
 * with {@link ApiRoute#match} as API Gateway picks a resource, runs the {@link CognitoAuthorizer},
 * builds the proxy event API Gateway would send, invokes the route's function through the Lambda
 * runtime emulation, and turns the proxy response back into HTTP.
 *
 * <p>What the gateway answers by itself is what the deployed API's gateway responses answer: the
 * {@link GatewayProblem} of the case (401 for a token the method does not take, 404 for an unknown path
 * or a method the path lacks, 413 over 10 MB, 502 for a failed function), with its type, title, status,
 * headers and the request id of {@code x-amzn-RequestId}. API Gateway's other refusals do not arise here:
 * it answers no 405 (a known path with another method is its "Missing Authentication Token", a 404), no
 * 415 (that needs mapping templates, which a Lambda proxy integration has none of), and no 403 for a
 * missing group (the handlers decide that); request models (400) and throttling (429) are not emulated.
 */
public final class RestApiGateway implements HttpHandler {

    public static final String STAGE = "local";
    private static final Logger LOG = LogManager.getLogger(RestApiGateway.class);
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Function<ApiFunction, LocalFunction> functions;
    private final CognitoAuthorizer authorizer;
    private final Clock clock;
    private final String apiId = "local";

    /** What a preflight allows, as the CDK stack configures API Gateway's CORS preflight (UsersApi). */
    static final String PREFLIGHT_METHODS = "GET,PUT,POST,DELETE,OPTIONS";
    static final String PREFLIGHT_HEADERS = "Authorization,Content-Type,If-Match,Idempotency-Key";

    private final Set<String> corsOrigins;

    public RestApiGateway(Function<ApiFunction, LocalFunction> functions, CognitoAuthorizer authorizer, Clock clock) {
        this(functions, authorizer, clock, Set.of());
    }

    /** @param corsOrigins the origins whose preflight requests ({@code OPTIONS}) are allowed, as API Gateway's CORS */
    public RestApiGateway(Function<ApiFunction, LocalFunction> functions, CognitoAuthorizer authorizer, Clock clock,
            Set<String> corsOrigins) {
        this.functions = functions;
        this.authorizer = authorizer;
        this.clock = clock;
        this.corsOrigins = Set.copyOf(corsOrigins);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        String method = exchange.getRequestMethod();
        String received = receivedPath(exchange.getRequestURI());
        String path = routedPath(received);
        if ("OPTIONS".equals(method) && ApiRoute.pathExists(path)) {
            preflight(exchange);
            return;
        }
        Optional<ApiRoute> route = ApiRoute.match(method, path);
        if (route.isEmpty()) {
            // API Gateway has no 405: a path without this method is as unknown as a path that is not there.
            String detail = ApiRoute.pathExists(path)
                    ? "Missing Authentication Token: " + received + " has no method " + method
                    : "Missing Authentication Token: no resource at " + received;
            LOG.info("{} {} -> 404 ({})", method, received, detail);
            problem(exchange, GatewayProblem.MISSING_AUTHENTICATION_TOKEN, detail, requestId);
            return;
        }
        byte[] body;
        try {
            body = LocalHttpServer.bodyUnlessDeclaredTooLarge(exchange);
        } catch (LocalHttpServer.BodyTooLargeException e) {
            problem(exchange, GatewayProblem.REQUEST_TOO_LARGE, "Request Too Long: bodies are limited to 10 MB", requestId);
            return;
        }
        CognitoAuthorizer.Result auth = authorizer.authorize(
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")), route.get());
        if (!auth.isAllowed()) {
            LOG.info("{} {} -> 401 ({})", method, path, auth.refusal());
            // API Gateway says only "Unauthorized"; locally the reason helps more.
            problem(exchange, GatewayProblem.UNAUTHORIZED, "Unauthorized: " + auth.refusal(), requestId);
            return;
        }
        ObjectNode event = proxyEvent(exchange, route.get(), path, body, auth.claims(), requestId);
        LocalFunction function = functions.apply(route.get().function());
        InvocationResult result = function.invoke(Json.bytes(event));
        if (result.failed()) {
            LOG.warn("{} {} -> 502: {} failed: {}", method, path, function.name(), result.payloadText());
            problem(exchange, GatewayProblem.INTEGRATION_FAILURE,
                    "Internal server error: the function failed; see the local stack's console", requestId);
            return;
        }
        respond(exchange, method, path, function, result, requestId);
    }

    /**
     * A CORS preflight, answered by the gateway without authorization or a function call, as API
     * Gateway's preflight does: the allowed methods and headers for a listed origin, nothing otherwise
     * (the browser then refuses the request). The functions add the headers of actual responses.
     */
    private void preflight(HttpExchange exchange) throws IOException {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        var headers = exchange.getResponseHeaders();
        if (origin != null && corsOrigins.contains(origin)) {
            headers.set("Access-Control-Allow-Origin", origin);
            headers.set("Access-Control-Allow-Methods", PREFLIGHT_METHODS);
            headers.set("Access-Control-Allow-Headers", PREFLIGHT_HEADERS);
            headers.set("Access-Control-Max-Age", "600");
        }
        headers.set("Vary", "Origin");
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    /**
     * The path the client sent. The JDK's server reads the request target as a URI reference, so one
     * starting with {@code //} comes out as an authority and a path ({@code //users/me}: host {@code users},
     * path {@code /me}), and {@code ///users/me} loses its extra slashes; a request target names a host only
     * with a scheme ({@code http://host/path}, as proxies send it).
     */
    static String receivedPath(URI target) {
        if (target.getScheme() != null) {
            return target.getPath();
        }
        String path = target.getRawAuthority() == null ? target.getPath() : "//" + target.getAuthority() + target.getPath();
        int lost = leadingSlashes(target.getRawSchemeSpecificPart()) - leadingSlashes(path);
        return "/".repeat(Math.max(0, lost)) + path;
    }

    /**
     * The path routed: API Gateway routes {@code /stage//users/me} as {@code /users/me} (the slashes before
     * the resource path count as one) and keeps the path as received in {@code requestContext.path};
     * slashes further on are empty segments, which no resource has.
     */
    static String routedPath(String received) {
        return "/" + received.substring(leadingSlashes(received));
    }

    private static int leadingSlashes(String path) {
        int n = 0;
        while (n < path.length() && path.charAt(n) == '/') {
            n++;
        }
        return n;
    }

    /** The REST API proxy event for this request (routed as {@code path}), shaped as API Gateway sends it. */
    ObjectNode proxyEvent(HttpExchange exchange, ApiRoute route, String path, byte[] body, Map<String, String> claims,
            String requestId) {
        Instant now = clock.instant();
        ObjectNode event = Json.object();
        event.put("resource", route.path());
        event.put("path", path);
        event.put("httpMethod", route.method());

        // Header names reach the function lower-cased, as they do from HTTP/2 clients in AWS: code must
        // not depend on their case.
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
        ObjectNode single = event.putObject("headers");
        ObjectNode multi = event.putObject("multiValueHeaders");
        headers.forEach((name, values) -> {
            single.put(name, values.get(values.size() - 1));
            values.forEach(v -> multi.withArray(name).add(v));
        });

        Map<String, List<String>> query = QueryString.parseMulti(exchange.getRequestURI().getRawQuery());
        if (query.isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode q = event.putObject("queryStringParameters");
            ObjectNode mq = event.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                q.put(name, values.get(values.size() - 1));
                values.forEach(v -> mq.withArray(name).add(v));
            });
        }

        Map<String, String> pathParameters = pathParameters(route.path(), path);
        if (pathParameters.isEmpty()) {
            event.putNull("pathParameters");
        } else {
            ObjectNode p = event.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        event.putNull("stageVariables");

        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000");
        context.put("resourceId", Integer.toHexString(route.path().hashCode()));
        context.put("stage", STAGE);
        context.put("requestId", requestId);
        context.put("extendedRequestId", requestId);
        context.put("requestTime", REQUEST_TIME.format(now));
        context.put("requestTimeEpoch", now.toEpochMilli());
        context.put("path", receivedPath(exchange.getRequestURI()));
        context.put("protocol", exchange.getProtocol());
        context.put("httpMethod", route.method());
        context.put("resourcePath", route.path());
        context.put("apiId", apiId);
        context.put("domainName", exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort());
        ObjectNode identity = context.putObject("identity");
        identity.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        identity.put("userAgent", exchange.getRequestHeaders().getFirst("User-Agent"));
        ObjectNode authorizerNode = context.putObject("authorizer");
        ObjectNode claimsNode = authorizerNode.putObject("claims");
        claims.forEach(claimsNode::put);

        if (body.length == 0) {
            event.putNull("body");
            event.put("isBase64Encoded", false);
        } else {
            Optional<String> text = utf8(body);
            if (text.isPresent()) {
                event.put("body", text.get());
                event.put("isBase64Encoded", false);
            } else {
                event.put("body", Base64.getEncoder().encodeToString(body));
                event.put("isBase64Encoded", true);
            }
        }
        return event;
    }

    private void respond(HttpExchange exchange, String method, String path, LocalFunction function,
                         InvocationResult result, String requestId) throws IOException {
        JsonNode response;
        try {
            response = Json.parse(result.payload());
        } catch (IllegalArgumentException e) {
            response = null;
        }
        if (response == null || !response.isObject() || !response.path("statusCode").canConvertToInt()) {
            LOG.warn("{} {} -> 502: {} returned a malformed proxy response: {}", method, path, function.name(),
                    result.payloadText());
            problem(exchange, GatewayProblem.INTEGRATION_FAILURE,
                    "Internal server error: the function returned a malformed Lambda proxy response", requestId);
            return;
        }
        int status = response.get("statusCode").asInt();
        response.path("headers").properties().forEach(h ->
                exchange.getResponseHeaders().set(h.getKey(), h.getValue().asText()));
        response.path("multiValueHeaders").properties().forEach(h -> {
            exchange.getResponseHeaders().remove(h.getKey());
            h.getValue().forEach(v -> exchange.getResponseHeaders().add(h.getKey(), v.asText()));
        });
        byte[] body;
        JsonNode bodyNode = response.get("body");
        if (bodyNode == null || bodyNode.isNull()) {
            body = new byte[0];
        } else if (response.path("isBase64Encoded").asBoolean(false)) {
            body = Base64.getDecoder().decode(bodyNode.asText());
        } else {
            body = bodyNode.asText().getBytes(StandardCharsets.UTF_8);
        }
        LOG.info("{} {} -> {} ({})", method, path, status, function.name());
        LocalHttpServer.send(exchange, status, null, body);
    }

    /** The values of a template's {@code {name}} segments in a concrete path. */
    static Map<String, String> pathParameters(String template, String path) {
        String[] names = template.substring(1).split("/", -1);
        String[] values = path.replaceAll("/$", "").substring(1).split("/", -1);
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < names.length && i < values.length; i++) {
            if (names[i].startsWith("{") && names[i].endsWith("}")) {
                parameters.put(names[i].substring(1, names[i].length() - 1), values[i]);
            }
        }
        return parameters;
    }

    private static Optional<String> utf8(byte[] body) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * The deployed gateway response of {@code problem}: its headers (with {@code Access-Control-Allow-Origin}
     * when exactly one origin is allowed, as the CDK stack adds it) and its document with this request id.
     */
    private void problem(HttpExchange exchange, GatewayProblem problem, String detail, String requestId)
            throws IOException {
        var headers = exchange.getResponseHeaders();
        problem.headers().forEach(headers::set);
        if (corsOrigins.size() == 1) {
            headers.set("Access-Control-Allow-Origin", corsOrigins.iterator().next());
        }
        int status = problem.status().orElseThrow(() -> new IllegalArgumentException(problem + " has no status"));
        byte[] document = Json.bytes(problem.document(detail, requestId));
        if (problem == GatewayProblem.REQUEST_TOO_LARGE) {
            // the body is refused unread while the client may still be sending it
            LocalHttpServer.sendRefusingBody(exchange, status, GatewayProblem.CONTENT_TYPE, document);
        } else {
            LocalHttpServer.send(exchange, status, GatewayProblem.CONTENT_TYPE, document);
        }
    }
}
