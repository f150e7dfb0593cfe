package dev.userbase.api.testing;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import dev.userbase.api.AdminApiHandler;
import dev.userbase.api.ApiHandler;
import dev.userbase.api.ApiServices;
import dev.userbase.api.SelfApiHandler;
import dev.userbase.api.SocialApiHandler;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.paging.CursorCodec;

/** The three handlers over {@link RefusingDynamoDb}: for unit tests of what is decided before any read or write. */
public final class UnitApi {

    public final FakeUserPool pool = new FakeUserPool();
    public final ApiServices services = ApiServices.builder(new RefusingDynamoDb(),
                    UsersConfig.fromEnvironment(Map.of(UsersConfig.USER_POOL_ID, "eu-west-1_Unit")), Clock.systemUTC())
            .cursors(CursorCodec.withKeys(List.of(TestApi.CURSOR_KEY)))
            .userPool(pool)
            .delivery(message -> {
                throw new AssertionError("no delivery expected");
            })
            .build();
    public final SelfApiHandler self = new SelfApiHandler(services);
    public final SocialApiHandler social = new SocialApiHandler(services);
    public final AdminApiHandler admin = new AdminApiHandler(services);

    public Response call(APIGatewayProxyRequestEvent event) {
        return call(handler(ApiFunctions.route(event)), event);
    }

    public Response call(ApiHandler handler, APIGatewayProxyRequestEvent event) {
        return ApiFunctions.invoke(handler, event);
    }

    public Response call(ApiEvents.Builder request) {
        return call(request.build());
    }

    public ApiHandler handler(ApiRoute route) {
        return ApiFunctions.handler(route, self, social, admin);
    }
}
