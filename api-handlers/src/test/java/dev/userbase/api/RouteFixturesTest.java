package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;

import dev.userbase.api.http.Claims;
import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.Response;
import dev.userbase.api.testing.UnitApi;
import dev.userbase.core.access.Caller;
import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.api.ApiRoute;

/**
 * Every route's recorded-shape fixture ({@code events/apigateway/}), through the handler, for what
 * is decided before any table access: the route resolves, the caller is read from the claims, no
 * claims is 401, a non-admin on an admin route is 403, another function's route is 404. The
 * handlers run over a DynamoDB client that refuses every call, so these answers touched nothing.
 */
class RouteFixturesTest {

    private final UnitApi api = new UnitApi();

    @Test
    void everyRouteHasAFixture() {
        for (ApiRoute route : ApiRoute.values()) {
            APIGatewayProxyRequestEvent event = ApiEvents.load(route);
            assertThat(ApiRoute.find(event.getHttpMethod(), event.getResource())).as(route.name()).contains(route);
            assertThat(ApiRoute.match(event.getHttpMethod(), event.getPath())).as(route.name()).contains(route);
        }
    }

    @ParameterizedTest
    @Events(folder = "events/apigateway", type = APIGatewayProxyRequestEvent.class)
    void fixture_claimsGiveTheCaller(APIGatewayProxyRequestEvent event) {
        Caller caller = Claims.caller(event).orElseThrow();
        ApiRoute route = ApiRoute.find(event.getHttpMethod(), event.getResource()).orElseThrow();
        assertThat(caller.userId()).isNotBlank();
        assertThat(caller.email()).endsWith("@example.com");
        assertThat(caller.isAdmin()).isEqualTo(route.access() == ApiRoute.Access.ADMIN);
    }

    @ParameterizedTest
    @Events(folder = "events/apigateway", type = APIGatewayProxyRequestEvent.class)
    void fixture_withoutClaims_is401WithAProblem(APIGatewayProxyRequestEvent event) {
        event.getRequestContext().setAuthorizer(null);

        Response response = api.call(event);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.problemType()).isEqualTo("unauthenticated");
        assertThat(response.body().path("requestId").asText()).isEqualTo(event.getRequestContext().getRequestId());
        assertThat(response.header("X-Request-Id")).isEqualTo(event.getRequestContext().getRequestId());
    }

    @ParameterizedTest
    @Events(folder = "events/apigateway", type = APIGatewayProxyRequestEvent.class)
    void fixture_withClaimsButNoSub_is401(APIGatewayProxyRequestEvent event) {
        @SuppressWarnings("unchecked")
        var claims = new HashMap<>((java.util.Map<String, Object>) event.getRequestContext().getAuthorizer().get("claims"));
        claims.remove("sub");
        event.getRequestContext().getAuthorizer().put("claims", claims);
        assertThat(api.call(event).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @Events(folder = "events/apigateway", type = APIGatewayProxyRequestEvent.class)
    void adminFixture_asNonAdmin_is403(APIGatewayProxyRequestEvent event) {
        ApiRoute route = ApiRoute.find(event.getHttpMethod(), event.getResource()).orElseThrow();
        @SuppressWarnings("unchecked")
        var claims = (java.util.Map<String, Object>) event.getRequestContext().getAuthorizer().get("claims");
        claims.put("cognito:groups", "[editors, support]");

        Response response = api.call(event);

        if (route.access() == ApiRoute.Access.ADMIN) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.problemType()).isEqualTo("forbidden");
        } else {
            assertThat(response.status()).isNotIn(401, 403);
        }
    }

    @ParameterizedTest
    @Events(folder = "events/apigateway", type = APIGatewayProxyRequestEvent.class)
    void fixture_sentToAnotherFunction_is404or405(APIGatewayProxyRequestEvent event) {
        ApiRoute route = ApiRoute.find(event.getHttpMethod(), event.getResource()).orElseThrow();
        for (ApiFunction other : Arrays.stream(ApiFunction.values()).filter(f -> f != route.function()).toList()) {
            Response response = api.call(api.handler(ApiRoute.of(other).get(0)), event);
            assertThat(response.status()).as("%s sent to %s", route, other).isIn(404, 405);
        }
    }
}
