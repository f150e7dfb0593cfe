package dev.userbase.api.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;

import dev.userbase.core.api.ApiRoute;

/**
 * API Gateway REST proxy events for tests, starting from the recorded-shape fixture of each route
 * ({@code src/test/resources/events/apigateway/<route>.json}) and changing only what a test needs:
 * the caller's claims, path parameters, query, headers, body.
 */
public final class ApiEvents {

    private ApiEvents() {
    }

    public static String fixture(ApiRoute route) {
        return "events/apigateway/" + route.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".json";
    }

    public static APIGatewayProxyRequestEvent load(ApiRoute route) {
        return EventLoader.loadApiGatewayRestEvent(fixture(route));
    }

    public static Builder request(ApiRoute route) {
        return new Builder(route, load(route));
    }

    public static final class Builder {
        private final ApiRoute route;
        private final APIGatewayProxyRequestEvent event;
        private final Map<String, String> pathParameters = new LinkedHashMap<>();

        private Builder(ApiRoute route, APIGatewayProxyRequestEvent event) {
            this.route = route;
            this.event = event;
            if (event.getPathParameters() != null) {
                pathParameters.putAll(event.getPathParameters());
            }
        }

        /** Claims of {@code user}'s ID token, as API Gateway passes them. */
        public Builder as(TestUser user) {
            Map<String, Object> claims = claims();
            claims.put("sub", user.sub());
            claims.put("cognito:username", user.userName());
            claims.put("email", user.email());
            if (user.admin()) {
                claims.put("cognito:groups", "admin");
            } else {
                claims.remove("cognito:groups");
            }
            return this;
        }

        public Builder claim(String name, String value) {
            if (value == null) {
                claims().remove(name);
            } else {
                claims().put(name, value);
            }
            return this;
        }

        /** No authorizer data at all (what a handler would see if the authorizer were missing). */
        public Builder anonymous() {
            event.getRequestContext().setAuthorizer(null);
            return this;
        }

        public Builder id(String id) {
            return pathParameter("id", id);
        }

        public Builder role(String role) {
            return pathParameter("role", role);
        }

        public Builder pathParameter(String name, String value) {
            pathParameters.put(name, value);
            return this;
        }

        public Builder query(String name, String value) {
            Map<String, List<String>> multi = event.getMultiValueQueryStringParameters() == null
                    ? new HashMap<>() : new HashMap<>(event.getMultiValueQueryStringParameters());
            multi.computeIfAbsent(name, k -> new ArrayList<>());
            multi.put(name, new ArrayList<>(multi.get(name)));
            multi.get(name).add(value);
            event.setMultiValueQueryStringParameters(multi);
            Map<String, String> single = new HashMap<>();
            multi.forEach((k, v) -> single.put(k, v.get(v.size() - 1)));
            event.setQueryStringParameters(single);
            return this;
        }

        public Builder noQuery() {
            event.setQueryStringParameters(null);
            event.setMultiValueQueryStringParameters(null);
            return this;
        }

        public Builder header(String name, String value) {
            Map<String, String> headers = new HashMap<>(event.getHeaders());
            Map<String, List<String>> multi = new HashMap<>(event.getMultiValueHeaders());
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            multi.keySet().removeIf(k -> k.equalsIgnoreCase(name));
            if (value != null) {
                headers.put(name, value);
                multi.put(name, List.of(value));
            }
            event.setHeaders(headers);
            event.setMultiValueHeaders(multi);
            return this;
        }

        public Builder ifMatch(long version) {
            return header("If-Match", "\"" + version + "\"");
        }

        /** A JSON body with its content type. */
        public Builder json(String body) {
            header("Content-Type", "application/json");
            return body(body);
        }

        public Builder body(String body) {
            event.setBody(body);
            event.setIsBase64Encoded(false);
            return this;
        }

        public Builder base64Body(byte[] body) {
            event.setBody(Base64.getEncoder().encodeToString(body));
            event.setIsBase64Encoded(true);
            return this;
        }

        public Builder utf8Body(String body) {
            return base64Body(body.getBytes(StandardCharsets.UTF_8));
        }

        public APIGatewayProxyRequestEvent build() {
            String path = route.path();
            for (Map.Entry<String, String> parameter : pathParameters.entrySet()) {
                path = path.replace("{" + parameter.getKey() + "}", parameter.getValue());
            }
            event.setPathParameters(pathParameters.isEmpty() ? null : new HashMap<>(pathParameters));
            event.setPath(path);
            return event;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> claims() {
            Map<String, Object> authorizer = event.getRequestContext().getAuthorizer();
            if (authorizer == null) {
                authorizer = new HashMap<>();
                event.getRequestContext().setAuthorizer(authorizer);
            }
            Object claims = authorizer.get("claims");
            if (!(claims instanceof Map)) {
                claims = new HashMap<String, Object>();
                authorizer.put("claims", claims);
            }
            return (Map<String, Object>) claims;
        }
    }
}
