package dev.userbase.api.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import dev.userbase.api.AdminApiHandler;
import dev.userbase.api.ApiHandler;
import dev.userbase.api.SelfApiHandler;
import dev.userbase.api.SocialApiHandler;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.testing.LambdaTestContext;

/** How API Gateway picks one of the three functions for a request, for {@link TestApi} and {@link UnitApi}. */
final class ApiFunctions {

    private ApiFunctions() {
    }

    /** The route of the event: by its resource, or else by its path. */
    static ApiRoute route(APIGatewayProxyRequestEvent event) {
        return ApiRoute.find(event.getHttpMethod(), event.getResource())
                .or(() -> ApiRoute.match(event.getHttpMethod(), event.getPath()))
                .orElseThrow(() -> new AssertionError("no route for " + event.getHttpMethod() + " " + event.getResource()));
    }

    /** The function that serves the route. */
    static ApiHandler handler(ApiRoute route, SelfApiHandler self, SocialApiHandler social, AdminApiHandler admin) {
        return switch (route.function()) {
            case SELF -> self;
            case SOCIAL -> social;
            case ADMIN -> admin;
        };
    }

    /** Invokes {@code handler} as Lambda would, with a test context. */
    static Response invoke(ApiHandler handler, APIGatewayProxyRequestEvent event) {
        return Response.of(handler.handleRequest(event, new LambdaTestContext()));
    }
}
