package dev.userbase.api.http;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.core.access.Caller;

/**
 * The caller's identity from {@code requestContext.authorizer.claims}, which API Gateway's Cognito
 * authorizer fills from a verified token. Nothing else in a request says who the caller is.
 *
 * <p>API Gateway (REST) passes every claim as a string. {@code cognito:groups} arrives in several
 * shapes depending on the gateway and its version: {@code admin}, {@code admin,editor},
 * {@code [admin editor]} (space separated in brackets, as HTTP APIs and newer REST stages write
 * arrays), {@code [admin, editor]}, or a JSON array; all are read here. Cognito group names cannot
 * contain white space, so splitting on commas and white space is safe.
 */
public final class Claims {

    public static final String SUB = "sub";
    public static final String GROUPS = "cognito:groups";
    public static final String USERNAME = "cognito:username";
    /** Access tokens call it {@code username}. */
    public static final String ACCESS_TOKEN_USERNAME = "username";

    /** A sub is a UUID in Cognito; anything outside this shape is not a sub we issued keys for. */
    static final Pattern SUB_FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Claims() {
    }

    /** The caller, or empty when the event carries no (usable) claims. */
    public static Optional<Caller> caller(APIGatewayProxyRequestEvent event) {
        Map<?, ?> claims = claims(event);
        String sub = string(claims.get(SUB));
        if (sub == null || !SUB_FORMAT.matcher(sub).matches()) {
            return Optional.empty();
        }
        String userName = string(claims.get(USERNAME));
        if (userName == null) {
            userName = string(claims.get(ACCESS_TOKEN_USERNAME));
        }
        return Optional.of(new Caller(sub, userName, string(claims.get("email")),
                string(claims.get("given_name")), string(claims.get("family_name")), groups(claims.get(GROUPS))));
    }

    /** The groups a {@code cognito:groups} claim names, whichever shape it arrives in. */
    public static Set<String> groups(Object claim) {
        Set<String> groups = new LinkedHashSet<>();
        if (claim instanceof Collection<?> list) {
            list.forEach(group -> addGroup(groups, String.valueOf(group)));
            return groups;
        }
        String text = string(claim);
        if (text == null) {
            return groups;
        }
        if (text.startsWith("[") && text.endsWith("]") && text.contains("\"")) {
            try {
                JsonNode array = Json.MAPPER.readTree(text);
                if (array.isArray()) {
                    array.forEach(group -> addGroup(groups, group.asText()));
                    return groups;
                }
            } catch (java.io.IOException e) {
                // not JSON after all: read it as a list below
            }
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        for (String group : text.split("[,\\s]+")) {
            addGroup(groups, group);
        }
        return groups;
    }

    private static void addGroup(Set<String> groups, String group) {
        String trimmed = group.strip();
        if (trimmed.startsWith("\"") && trimmed.endsWith("\"") && trimmed.length() >= 2) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        if (!trimmed.isEmpty()) {
            groups.add(trimmed);
        }
    }

    private static Map<?, ?> claims(APIGatewayProxyRequestEvent event) {
        if (event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null) {
            return Map.of();
        }
        Object claims = event.getRequestContext().getAuthorizer().get("claims");
        return claims instanceof Map<?, ?> map ? map : Map.of();
    }

    private static String string(Object value) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).strip();
        return text.isEmpty() ? null : text;
    }
}
