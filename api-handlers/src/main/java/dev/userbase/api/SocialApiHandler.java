package dev.userbase.api;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import dev.userbase.api.http.ApiRequest;
import dev.userbase.api.http.ApiResponse;
import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.paging.PageRequest;
import dev.userbase.core.social.FollowService;
import dev.userbase.core.social.ProfileLookup;

/**
 * What signed-in users see of each other: public profiles, search, follows and follow lists.
 * Needs the users table (items, the followers and search indexes) and nothing from Cognito.
 */
public class SocialApiHandler extends ApiHandler {

    /** Lambda's constructor: configuration from the environment, SDK clients built once. */
    public SocialApiHandler() {
        this(AwsClients.create(UsersConfig.fromEnvironment()), Clock.systemUTC());
    }

    public SocialApiHandler(AwsClients clients, Clock clock) {
        this(ApiServices.create(ApiFunction.SOCIAL, clients, clock, System.getenv()));
    }

    public SocialApiHandler(ApiServices services) {
        super(ApiFunction.SOCIAL, services);
    }

    @Override
    protected ApiResponse dispatch(ApiRequest request, Context context) {
        return switch (request.route()) {
            case GET_MY_FOLLOWERS -> ApiResponse.ok(Views.page(
                    services.follows().followers(request.caller().userId(), page(request)), Views::followEntry));
            case GET_MY_FOLLOWING -> ApiResponse.ok(Views.page(
                    services.follows().following(request.caller().userId(), page(request)), Views::followEntry));
            case SEARCH_USERS -> search(request);
            case GET_USER -> getUser(request);
            // the list first: a bad cursor is a 400 before any read; then the visibility check
            case GET_FOLLOWERS -> {
                var list = services.follows().followers(request.userId(), page(request));
                services.lookup().requireVisible(request.userId(), request.caller());
                yield ApiResponse.ok(Views.page(list, Views::followEntry));
            }
            case GET_FOLLOWING -> {
                var list = services.follows().following(request.userId(), page(request));
                services.lookup().requireVisible(request.userId(), request.caller());
                yield ApiResponse.ok(Views.page(list, Views::followEntry));
            }
            case FOLLOW -> {
                FollowService.requireOther(request.caller().userId(), request.userId());
                requireActiveCaller(request);
                services.follows().follow(request.caller().userId(), request.userId(), request.changeContext());
                yield ApiResponse.noContent();
            }
            case UNFOLLOW -> {
                FollowService.requireOther(request.caller().userId(), request.userId());
                requireActiveCaller(request);
                services.follows().unfollow(request.caller().userId(), request.userId());
                yield ApiResponse.noContent();
            }
            default -> throw new IllegalStateException(request.route() + " is not a social route");
        };
    }

    private ApiResponse search(ApiRequest request) {
        String query = request.query("q").orElse(null);
        PageRequest page = page(request);
        return ApiResponse.ok(Views.page(services.search().search(query, page), Views::summary));
    }

    /** The full view (with preferences) for the user themselves and administrators, else the public one. */
    private ApiResponse getUser(ApiRequest request) {
        ProfileLookup.View view = services.lookup().view(request.userId(), request.caller());
        if (view instanceof ProfileLookup.Full full) {
            return ApiResponse.ok(Views.details(full.details(), full.byAdmin())).withETag(full.details().profile().version());
        }
        return ApiResponse.ok(Views.publicProfile(((ProfileLookup.Public) view).profile()));
    }

    @Override
    protected List<APIGatewayProxyRequestEvent> primingRequests() {
        return List.of(
                primingRequest(ApiRoute.GET_USER, "/users/" + PRIMING_USER,
                        Map.of("id", PRIMING_USER), null, false),
                primingRequest(ApiRoute.GET_FOLLOWERS, "/users/" + PRIMING_USER + "/followers",
                        Map.of("id", PRIMING_USER), null, false),
                primingRequest(ApiRoute.FOLLOW, "/users/me/follow", Map.of("id", "me"), null, false));
    }
}
