package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import dev.userbase.api.http.ApiRequest;
import dev.userbase.api.http.ApiResponse;
import dev.userbase.api.http.Json;
import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.Response;
import dev.userbase.api.testing.TestApi;
import dev.userbase.api.testing.TestUser;
import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.testing.LambdaTestContext;

/**
 * The pipeline's guard: a write route, or any admin route, that answers without checking the
 * caller's status is refused with a 500, so a route added without the check cannot ship silently.
 */
class CallerCheckGuardIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private TestApi api;
    private TestUser admin;

    @BeforeEach
    void seed() {
        api = new TestApi(tables);
        admin = api.admin("ada", "ada@example.com");
    }

    /** An admin function whose routes all answer 200, checking the caller only where told. */
    private final class Careless extends ApiHandler {
        private final boolean check;

        Careless(boolean check) {
            super(ApiFunction.ADMIN, api.services);
            this.check = check;
        }

        @Override
        protected ApiResponse dispatch(ApiRequest request, Context context) {
            if (check) {
                requireActiveAdministrator(request);
            }
            return ApiResponse.ok(Json.MAPPER.createObjectNode());
        }

        @Override
        protected List<APIGatewayProxyRequestEvent> primingRequests() {
            return List.of();
        }
    }

    private Response call(ApiHandler handler, ApiEvents.Builder request) {
        return Response.of(handler.handleRequest(request.build(), new LambdaTestContext()));
    }

    @Test
    void anAdminReadThatForgotTheCheck_is500() {
        Response response = call(new Careless(false), ApiEvents.request(ApiRoute.LIST_USERS).as(admin).noQuery());

        assertThat(response.status()).isEqualTo(500);
    }

    @Test
    void anAdminWriteThatForgotTheCheck_is500() {
        Response response = call(new Careless(false), ApiEvents.request(ApiRoute.SET_STATUS).as(admin).id("bob")
                .json("{\"status\":\"SUSPENDED\",\"reason\":\"guard\"}"));

        assertThat(response.status()).isEqualTo(500);
    }

    @Test
    void aRouteThatChecked_isAnswered() {
        Response response = call(new Careless(true), ApiEvents.request(ApiRoute.GET_AUDIT).as(admin).id("bob").noQuery());

        assertThat(response.status()).isEqualTo(200);
    }
}
