package dev.userbase.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import dev.userbase.api.http.ApiProblem;
import dev.userbase.api.http.ApiRequest;
import dev.userbase.api.http.ApiResponse;
import dev.userbase.api.http.ApiResponses;
import dev.userbase.api.http.Problems;
import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.paging.PageRequest;
import software.amazon.lambda.powertools.logging.Logging;
import software.amazon.lambda.powertools.logging.LoggingUtils;

/**
 * What the three API functions share: read the event ({@link ApiRequest}), dispatch to the route,
 * turn failures into problem responses ({@link Problems}, the one place). Subclasses only route
 * and translate; the work happens in the core services.
 *
 * <p>Every route that changes state must check, after validating its input and before writing,
 * that the caller may change things ({@link #requireActiveCaller}), and every admin route, reads
 * too, that the administrator is still ACTIVE ({@link #requireActiveAdministrator}, or the former);
 * the pipeline refuses to answer (500) if a route forgot, so the rule cannot be skipped silently.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    /** The caller of priming requests: a sub no user has, so every read finds nothing. */
    static final String PRIMING_USER = "__priming__";

    private final ApiFunction function;
    protected final ApiServices services;
    private final SnapStartPriming priming;

    protected ApiHandler(ApiFunction function, ApiServices services) {
        this.function = Objects.requireNonNull(function, "function");
        this.services = Objects.requireNonNull(services, "services");
        this.priming = SnapStartPriming.register(this);
    }

    @Override
    @Logging(clearState = true)
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        String requestId = requestId(event, context);
        LoggingUtils.setCorrelationId(requestId);
        return ApiResponses.toEvent(handle(event, context, requestId), requestId, origin(event),
                services.corsOrigins());
    }

    /** The {@code limit} and {@code cursor} of a list route. */
    protected static PageRequest page(ApiRequest request) {
        return PageRequest.parse(request.query("limit").orElse(null), request.query("cursor").orElse(null));
    }

    ApiResponse handle(APIGatewayProxyRequestEvent event, Context context, String requestId) {
        try {
            ApiRequest request = ApiRequest.read(event, function, requestId);
            ApiResponse response = dispatch(request, context);
            ApiRoute route = request.route();
            if ((route.isWrite() || route.access() == ApiRoute.Access.ADMIN) && !request.callerChecked()) {
                throw new IllegalStateException(route + " answered without checking the caller's status");
            }
            return response;
        } catch (UserServiceException e) {
            return Problems.of(e, requestId);
        } catch (ApiProblem e) {
            return Problems.of(e, requestId);
        } catch (RuntimeException e) {
            return Problems.unexpected(e, requestId);
        }
    }

    /** Runs the route of {@code request} (one of this function's routes). */
    protected abstract ApiResponse dispatch(ApiRequest request, Context context);

    /**
     * Requests that exercise this function's whole path without writing: a read of the priming
     * user's data (which does not exist) and a write refused by validation before any access.
     */
    protected abstract List<APIGatewayProxyRequestEvent> primingRequests();

    /** Sends the priming requests through the pipeline (for SnapStart; see {@link SnapStartPriming}). */
    public void prime() {
        for (APIGatewayProxyRequestEvent event : primingRequests()) {
            ApiResponses.toEvent(handle(event, null, "priming"), "priming");
        }
    }

    /** A request of the priming user, admin or not, to {@code route} with {@code path}. */
    static APIGatewayProxyRequestEvent primingRequest(ApiRoute route, String path, Map<String, String> pathParameters,
            String body, boolean admin) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", PRIMING_USER);
        claims.put("cognito:username", PRIMING_USER);
        if (admin) {
            claims.put("cognito:groups", "admin");
        }
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId("priming");
        context.setAuthorizer(new HashMap<>(Map.of("claims", claims)));
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(route.method())
                .withResource(route.path())
                .withPath(path)
                .withPathParameters(pathParameters)
                .withHeaders(body == null ? Map.of() : Map.of("Content-Type", "application/json"))
                .withBody(body)
                .withRequestContext(context);
    }

    /**
     * The caller's profile, which must be ACTIVE: a SUSPENDED or DELETED caller cannot change
     * anything (403). A caller whose profile is missing gets it created from their token first.
     */
    protected UserProfile requireActiveCaller(ApiRequest request) {
        UserProfile profile = services.profiles().requireActive(request.caller(), request.changeContext());
        request.markCallerChecked();
        return profile;
    }

    /**
     * An admin route's check that the administrator may still act as one (not SUSPENDED, DELETED
     * or erased, 403), for routes that only read; it creates no missing profile.
     */
    protected void requireActiveAdministrator(ApiRequest request) {
        services.profiles().requireActiveAdministrator(request.caller());
        request.markCallerChecked();
    }

    private static String origin(APIGatewayProxyRequestEvent event) {
        if (event == null || event.getHeaders() == null) {
            return null;
        }
        for (Map.Entry<String, String> header : event.getHeaders().entrySet()) {
            if ("origin".equalsIgnoreCase(header.getKey())) {
                return header.getValue();
            }
        }
        return null;
    }

    /** API Gateway's request id (also in its access logs and in the client's x-amzn-RequestId). */
    static String requestId(APIGatewayProxyRequestEvent event, Context context) {
        if (event != null && event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            return event.getRequestContext().getRequestId();
        }
        if (context != null && context.getAwsRequestId() != null) {
            return context.getAwsRequestId();
        }
        return UUID.randomUUID().toString();
    }
}
