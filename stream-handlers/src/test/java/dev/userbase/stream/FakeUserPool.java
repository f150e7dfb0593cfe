package dev.userbase.stream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

/** A Cognito user pool over HTTP for the real SDK client: AdminGetUser and AdminDeleteUser. */
final class FakeUserPool implements AutoCloseable {

    static final String POOL_ID = "eu-west-1_TestPool";

    private final FakeAwsJsonEndpoint endpoint = new FakeAwsJsonEndpoint();
    private final Map<String, String> statusByUserName = new ConcurrentHashMap<>();
    private final Map<String, Boolean> enabledByUserName = new ConcurrentHashMap<>();
    private final List<String> deleted = new CopyOnWriteArrayList<>();

    FakeUserPool() {
        endpoint.on("AWSCognitoIdentityProviderService.AdminGetUser", this::getUser);
        endpoint.on("AWSCognitoIdentityProviderService.AdminDeleteUser", this::deleteUser);
    }

    java.net.URI endpoint() {
        return endpoint.endpoint();
    }

    /** An enabled user whose sub is {@code sub-<userName>}. */
    FakeUserPool user(String userName, String status) {
        return user(userName, status, true);
    }

    FakeUserPool user(String userName, String status, boolean enabled) {
        statusByUserName.put(userName, status);
        enabledByUserName.put(userName, enabled);
        return this;
    }

    boolean exists(String userName) {
        return statusByUserName.containsKey(userName);
    }

    List<String> deleted() {
        return List.copyOf(deleted);
    }

    private FakeAwsJsonEndpoint.Reply getUser(JsonNode request) {
        if (!POOL_ID.equals(request.path("UserPoolId").asText())) {
            return FakeAwsJsonEndpoint.Reply.error(400, "ResourceNotFoundException", "no such pool");
        }
        String userName = request.path("Username").asText();
        String status = statusByUserName.get(userName);
        if (status == null) {
            return FakeAwsJsonEndpoint.Reply.error(400, "UserNotFoundException", "User does not exist.");
        }
        return FakeAwsJsonEndpoint.Reply.ok(Map.of("Username", userName, "UserStatus", status,
                "Enabled", enabledByUserName.getOrDefault(userName, true),
                "UserAttributes", List.of(Map.of("Name", "sub", "Value", "sub-" + userName))));
    }

    private FakeAwsJsonEndpoint.Reply deleteUser(JsonNode request) {
        String userName = request.path("Username").asText();
        if (statusByUserName.remove(userName) == null) {
            return FakeAwsJsonEndpoint.Reply.error(400, "UserNotFoundException", "User does not exist.");
        }
        deleted.add(userName);
        return FakeAwsJsonEndpoint.Reply.ok(Map.of());
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
