package dev.userbase.api;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import dev.userbase.api.http.ApiRequest;
import dev.userbase.api.http.ApiResponse;
import dev.userbase.core.access.Caller;
import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.paging.PageRequest;
import dev.userbase.core.profile.ProfileDetails;

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
                requireVisible(request.userId(), request.caller());
                yield ApiResponse.ok(Views.page(list, Views::followEntry));
            }
            case GET_FOLLOWING -> {
                var list = services.follows().following(request.userId(), page(request));
                requireVisible(request.userId(), request.caller());
                yield ApiResponse.ok(Views.page(list, Views::followEntry));
            }
            case FOLLOW -> {
                requireOther(request);
                requireActiveCaller(request);
                services.follows().follow(request.caller().userId(), request.userId(), request.changeContext());
                yield ApiResponse.noContent();
            }
            case UNFOLLOW -> {
                requireOther(request);
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

    /** The private view (with preferences) for the user themselves and administrators, else the public one. */
    private ApiResponse getUser(ApiRequest request) {
        Caller caller = request.caller();
        String userId = request.userId();
        if (caller.userId().equals(userId) || caller.isAdmin()) {
            ProfileDetails details = services.profiles().findWithPreferences(userId)
                    .orElseThrow(() -> new NotFoundException("No such user"));
            return ApiResponse.ok(Views.details(details, caller.isAdmin())).withETag(details.profile().version());
        }
        UserProfile profile = requireVisible(userId, caller);
        return ApiResponse.ok(Views.publicProfile(profile));
    }

    /** A user another user may see: one who exists and has not deleted their account. */
    private UserProfile requireVisible(String userId, Caller viewer) {
        UserProfile profile = services.profiles().findForDisplay(userId)
                .orElseThrow(() -> new NotFoundException("No such user"));
        if (profile.status() == UserStatus.DELETED && !viewer.isAdmin() && !viewer.userId().equals(userId)) {
            throw new NotFoundException("No such user");
        }
        return profile;
    }

    private static void requireOther(ApiRequest request) {
        if (request.caller().userId().equals(request.userId())) {
            throw InvalidInputException.forField("id", "You cannot follow yourself");
        }
    }

    private static PageRequest page(ApiRequest request) {
        return PageRequest.parse(request.query("limit").orElse(null), request.query("cursor").orElse(null));
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
