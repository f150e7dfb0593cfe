package dev.userbase.api.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.access.Caller;
import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.VersionCondition;

/**
 * An API Gateway proxy event, read and checked in the order a client should learn about problems:
 * the route (404/405), the caller (401), admin access (403), the body size (413); then, when a
 * route asks for them, the query parameters, headers and JSON body (400/415). What is refused as
 * HTTP (route, method, caller's claims, body size, media type, an unreadable body) is an
 * {@link ApiProblem}; a path naming no valid user, admin access and bad parameters are the
 * domain's exceptions.
 */
public final class ApiRequest {

    public static final int MAX_BODY_BYTES = 16 * 1024;
    /** Path segments that stand for the caller in {@code {id}} (as in {@code /users/me}). */
    static final List<String> SELF_ALIASES = List.of("me", "current");
    static final Pattern USER_ID = Claims.SUB_FORMAT;

    private final ApiRoute route;
    private final String requestId;
    private final Caller caller;
    private final Map<String, String> pathParameters;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private boolean callerChecked;

    private ApiRequest(ApiRoute route, String requestId, Caller caller, Map<String, String> pathParameters,
            Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body) {
        this.route = route;
        this.requestId = requestId;
        this.caller = caller;
        this.pathParameters = pathParameters;
        this.query = query;
        this.headers = headers;
        this.body = body;
    }

    /**
     * Reads {@code event} for a handler of {@code function}.
     *
     * @throws ApiProblem 401, 404 (no such route), 405, 413, 400 (a base64 body that does not decode)
     * @throws UserServiceException 403, 404 (no such user)
     */
    public static ApiRequest read(APIGatewayProxyRequestEvent event, ApiFunction function, String requestId) {
        ApiRoute route = route(event, function);
        Caller caller = Claims.caller(event).orElseThrow(ApiProblem::unauthenticated);
        if (route.access() == ApiRoute.Access.ADMIN && !caller.isAdmin()) {
            throw new dev.userbase.core.error.ForbiddenException("Only administrators may do this");
        }
        byte[] body = body(event);
        return new ApiRequest(route, requestId, caller, pathParameters(event, route, caller),
                lowerCaseKeys(event.getMultiValueQueryStringParameters(), event.getQueryStringParameters(), false),
                lowerCaseKeys(event.getMultiValueHeaders(), event.getHeaders(), true), body);
    }

    public ApiRoute route() {
        return route;
    }

    public String requestId() {
        return requestId;
    }

    public Caller caller() {
        return caller;
    }

    /** Who is changing things, under which request: stamped on every write. */
    public ChangeContext changeContext() {
        return caller.changeContext(requestId);
    }

    /** The user id in the path ({@code me} and {@code current} resolved to the caller). */
    public String userId() {
        return pathParameters.get("id");
    }

    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null) {
            throw new IllegalStateException(route + " has no path parameter " + name);
        }
        return value;
    }

    /** A query parameter given at most once. */
    public Optional<String> query(String name) {
        List<String> values = query.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw InvalidInputException.forField(name, name + " may be given only once");
        }
        return values.stream().findFirst();
    }

    /** A header's value (repeated headers joined with ", ", as HTTP allows for list headers). */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
    }

    /** The {@code If-Match} precondition, if any. */
    public VersionCondition ifMatch() {
        return header("If-Match").map(IfMatch::parse).orElse(VersionCondition.none());
    }

    /**
     * The body as JSON.
     *
     * @throws ApiProblem 415 for a body that is not {@code application/json}; 400 for no body, a body that
     *     is not UTF-8 (base64-decoded or not: the same rule) or invalid JSON
     * @throws InvalidInputException 400 for an unpaired surrogate in a string or field name
     */
    public JsonNode json() {
        if (body.length == 0) {
            throw ApiProblem.unreadableBody("This request needs a JSON body");
        }
        String contentType = header("Content-Type").orElse(null);
        if (!isJson(contentType)) {
            throw ApiProblem.unsupportedMediaType();
        }
        return Json.parse(body);
    }

    /** Whether the route's handler checked that the caller may change things (write routes must). */
    public boolean callerChecked() {
        return callerChecked;
    }

    public void markCallerChecked() {
        this.callerChecked = true;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("charset")
                    && (parameter.length < 2 || !parameter[1].strip().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                return false;
            }
        }
        return true;
    }

    private static ApiRoute route(APIGatewayProxyRequestEvent event, ApiFunction function) {
        String method = event.getHttpMethod() == null ? "" : event.getHttpMethod().toUpperCase(Locale.ROOT);
        Optional<ApiRoute> route = event.getResource() != null
                ? ApiRoute.find(method, event.getResource())
                : Optional.empty();
        if (route.isEmpty() && event.getPath() != null) {
            route = ApiRoute.match(method, event.getPath());
        }
        if (route.isEmpty() || route.get().function() != function) {
            String path = event.getResource() != null ? event.getResource() : event.getPath();
            List<String> allowed = path == null ? List.of() : Arrays.stream(ApiRoute.values())
                    .filter(r -> r.function() == function)
                    .filter(r -> r.path().equals(path) || ApiRoute.match(r.method(), path).filter(r::equals).isPresent())
                    .map(ApiRoute::method).distinct().sorted().toList();
            if (!allowed.isEmpty()) {
                throw ApiProblem.methodNotAllowed(String.join(", ", allowed));
            }
            throw ApiProblem.noSuchResource();
        }
        return route.get();
    }

    private static Map<String, String> pathParameters(APIGatewayProxyRequestEvent event, ApiRoute route, Caller caller) {
        Map<String, String> given = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        String[] template = segments(route.path());
        String[] actual = event.getPath() == null ? new String[0] : segments(event.getPath());
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            if (!template[i].startsWith("{")) {
                continue;
            }
            String name = template[i].substring(1, template[i].length() - 1);
            String value = given.get(name);
            if (value == null && actual.length >= template.length) {
                // the same segment counted from the end, in case a base path precedes the resource
                value = actual[actual.length - template.length + i];
            }
            if (value == null || value.isEmpty()) {
                throw ApiProblem.noSuchResource();
            }
            if (name.equals("id")) {
                value = SELF_ALIASES.contains(value) ? caller.userId() : value;
                if (!USER_ID.matcher(value).matches()) {
                    throw new NotFoundException("No such user");
                }
            }
            parameters.put(name, value);
        }
        return parameters;
    }

    private static String[] segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    private static byte[] body(APIGatewayProxyRequestEvent event) {
        String text = event.getBody();
        if (text == null) {
            return new byte[0];
        }
        if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            // a base64 text longer than 4/3 of the limit cannot decode to an acceptable body
            if (text.length() > (MAX_BODY_BYTES / 3 + 1) * 4 + 4) {
                throw tooLarge();
            }
            byte[] decoded;
            try {
                decoded = Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.unreadableBody("The request body is not valid base64");
            }
            if (decoded.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return decoded;
        }
        if (text.length() > MAX_BODY_BYTES) {
            throw tooLarge(); // each char is at least one byte
        }
        byte[] bytes = utf8(text);
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return bytes;
    }

    /**
     * A text body's UTF-8 bytes, where an unpaired surrogate (which a string from the event may hold)
     * keeps its 3-byte form rather than becoming {@code ?} as {@link String#getBytes} makes it: {@link
     * Json} then refuses the body as not UTF-8, as it refuses the same bytes sent base64-encoded.
     */
    static byte[] utf8(String text) {
        int at = Json.unpairedSurrogate(text, 0);
        if (at < 0) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length() + 16);
        int from = 0;
        for (; at >= 0; at = Json.unpairedSurrogate(text, from)) {
            bytes.writeBytes(text.substring(from, at).getBytes(StandardCharsets.UTF_8));
            char c = text.charAt(at);
            bytes.write(0xE0 | c >> 12);
            bytes.write(0x80 | c >> 6 & 0x3F);
            bytes.write(0x80 | c & 0x3F);
            from = at + 1;
        }
        bytes.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    private static ApiProblem tooLarge() {
        return ApiProblem.bodyTooLarge(MAX_BODY_BYTES);
    }

    private static Map<String, List<String>> lowerCaseKeys(Map<String, List<String>> multi, Map<String, String> single,
            boolean lowerCase) {
        Map<String, List<String>> result = new HashMap<>();
        if (multi != null && !multi.isEmpty()) {
            multi.forEach((name, values) -> {
                if (name != null && values != null) {
                    result.computeIfAbsent(lowerCase ? name.toLowerCase(Locale.ROOT) : name, k -> new ArrayList<>())
                            .addAll(values.stream().filter(v -> v != null).toList());
                }
            });
        } else if (single != null) {
            single.forEach((name, value) -> {
                if (name != null && value != null) {
                    result.computeIfAbsent(lowerCase ? name.toLowerCase(Locale.ROOT) : name, k -> new ArrayList<>()).add(value);
                }
            });
        }
        return result.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }
}
