package dev.userbase.local.standin;

import java.time.Clock;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.UserProfile;
import dev.userbase.local.Json;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET /users/me}, {@code GET /users/{id}}, {@code POST /users/{id}/follow}, and an echo of the
 * proxy event it received at {@code GET /users/search} (so tests can see what the gateway sent).
 */
public class StandInApi implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private final AwsClients clients;
    private final Clock clock;

    public StandInApi(AwsClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        @SuppressWarnings("unchecked")
        Map<String, String> claims = (Map<String, String>) event.getRequestContext().getAuthorizer().get("claims");
        String caller = claims.get("sub");
        return switch (event.getHttpMethod() + " " + event.getResource()) {
            case "GET /users/me" -> profile(caller);
            case "GET /users/{id}" -> profile(event.getPathParameters().get("id"));
            case "POST /users/{id}/follow" -> {
                FollowEdge edge = new FollowEdge(caller, event.getPathParameters().get("id"), clock.instant());
                clients.dynamoDb().putItem(r -> r.tableName(clients.config().usersTable()).item(edge.toItem()));
                yield new APIGatewayProxyResponseEvent().withStatusCode(204);
            }
            case "GET /users/search" -> new APIGatewayProxyResponseEvent().withStatusCode(200)
                    .withHeaders(Map.of("Content-Type", "application/json"))
                    .withBody(Json.string(event));
            default -> new APIGatewayProxyResponseEvent().withStatusCode(404);
        };
    }

    private APIGatewayProxyResponseEvent profile(String userId) {
        Map<String, AttributeValue> item = clients.dynamoDb()
                .getItem(r -> r.tableName(clients.config().usersTable()).key(UserProfile.key(userId)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return new APIGatewayProxyResponseEvent().withStatusCode(404);
        }
        UserProfile profile = UserProfile.fromItem(item);
        return new APIGatewayProxyResponseEvent().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/json", "ETag", "\"" + profile.version() + "\""))
                .withBody(Json.string(Json.object()
                        .put("userId", profile.userId())
                        .put("email", profile.email())
                        .put("displayName", profile.displayName())
                        .put("followerCount", profile.followerCount())
                        .put("followingCount", profile.followingCount())));
    }
}
