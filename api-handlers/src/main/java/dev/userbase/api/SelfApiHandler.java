package dev.userbase.api;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;

import dev.userbase.api.http.ApiRequest;
import dev.userbase.api.http.ApiResponse;
import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.error.ForbiddenException;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.profile.JsonFields;
import dev.userbase.core.profile.PreferencesService;
import dev.userbase.core.profile.ProfileUpdate;
import dev.userbase.core.model.VersionCondition;

/**
 * The caller's own account: {@code /users/me} (alias {@code /users/current}), preferences and
 * email change. Needs the users table and, for deletion and email change, the Cognito actions
 * AdminDisableUser and AdminUpdateUserAttributes.
 */
public class SelfApiHandler extends ApiHandler {

    /** Lambda's constructor: configuration from the environment, SDK clients built once. */
    public SelfApiHandler() {
        this(AwsClients.create(UsersConfig.fromEnvironment()), Clock.systemUTC());
    }

    public SelfApiHandler(AwsClients clients, Clock clock) {
        this(ApiServices.create(ApiFunction.SELF, clients, clock, System.getenv()));
    }

    public SelfApiHandler(ApiServices services) {
        super(ApiFunction.SELF, services);
    }

    @Override
    protected ApiResponse dispatch(ApiRequest request, Context context) {
        return switch (request.route()) {
            case GET_ME, GET_CURRENT -> getMe(request);
            case PUT_ME, PUT_CURRENT -> putMe(request);
            case DELETE_ME, DELETE_CURRENT -> deleteMe(request);
            case GET_MY_PREFERENCES -> getPreferences(request);
            case PUT_MY_PREFERENCES -> putPreferences(request);
            case REQUEST_EMAIL_CHANGE -> requestEmailChange(request);
            case CONFIRM_EMAIL_CHANGE -> confirmEmailChange(request);
            case EXPORT_ME -> export(request);
            default -> throw new IllegalStateException(request.route() + " is not a self route");
        };
    }

    private ApiResponse getMe(ApiRequest request) {
        UserProfile profile = services.profiles().me(request.caller(), request.changeContext());
        return privateView(profile);
    }

    private ApiResponse putMe(ApiRequest request) {
        ProfileUpdate update = ProfileUpdate.fromJson(request.json());
        VersionCondition condition = request.ifMatch();
        requireActiveCaller(request);
        UserProfile profile = services.profiles().update(request.caller().userId(), update, condition,
                request.changeContext());
        return privateView(profile);
    }

    /**
     * Soft delete: the profile becomes DELETED (hidden from search and public reads), then the
     * Cognito user is disabled, then the erasure's grace period starts (an {@code ERASURE} tombstone
     * with a TTL; docs/PRIVACY.md). Repeating the request after a Cognito failure finishes it, which is
     * why a DELETED caller may call this route (and only this one).
     */
    private ApiResponse deleteMe(ApiRequest request) {
        UserProfile profile = services.profiles().findOrProvision(request.caller(), request.changeContext());
        if (profile.status() == UserStatus.SUSPENDED) {
            throw new ForbiddenException("This account is suspended and cannot make changes");
        }
        request.markCallerChecked();
        services.profiles().deleteOwn(profile, request.changeContext());
        services.lifecycle().apply(request.caller().userName(), UserStatus.DELETED);
        // the grace period: when its tombstone expires, the change stream erases the account
        services.erasure().scheduleAfterDeletion(profile, request.caller().userName(), request.caller().userId());
        return ApiResponse.noContent();
    }

    private ApiResponse getPreferences(ApiRequest request) {
        return services.preferences().find(request.caller().userId())
                .map(SelfApiHandler::preferencesView)
                .orElseGet(() -> ApiResponse.ok(dev.userbase.api.http.Json.MAPPER.createObjectNode()).withETag(0));
    }

    private ApiResponse putPreferences(ApiRequest request) {
        String json = PreferencesService.canonical(request.json());
        VersionCondition condition = request.ifMatch();
        requireActiveCaller(request);
        UserPreferences saved = services.preferences().save(request.caller().userId(), json, condition,
                request.changeContext());
        return preferencesView(saved);
    }

    private ApiResponse requestEmailChange(ApiRequest request) {
        JsonFields fields = JsonFields.of(request.json()).allowOnly(Set.of("email"), Set.of());
        String email = fields.requiredText("email", EmailAddress.MAX_LENGTH);
        fields.validate();
        EmailAddress.normalise(email); // reject a bad address before touching anything
        requireActiveCaller(request);
        return ApiResponse.json(202, Views.emailChange(
                services.emailChanges().request(request.caller(), email, request.changeContext())));
    }

    private ApiResponse confirmEmailChange(ApiRequest request) {
        JsonNode body = request.json();
        JsonFields fields = JsonFields.of(body).allowOnly(Set.of("token"), Set.of());
        String token = fields.requiredText("token", 100);
        fields.validate();
        requireActiveCaller(request);
        UserProfile profile = services.emailChanges().confirm(request.caller(), token, request.changeContext());
        return privateView(profile);
    }

    /** The caller's data export (any status: a deleted or suspended user may still ask what is held). */
    private ApiResponse export(ApiRequest request) {
        String userId = request.caller().userId();
        return ExportPaging.export(request, services.exports(), userId, () -> {
            services.profiles().findOrProvision(request.caller(), request.changeContext());
            return services.exports().start(request.caller(), userId, request.caller().userName(), request.requestId());
        });
    }

    /** The caller's private view, with its version as ETag. */
    private static ApiResponse privateView(UserProfile profile) {
        return ApiResponse.ok(Views.privateProfile(profile)).withETag(profile.version());
    }

    private static ApiResponse preferencesView(UserPreferences preferences) {
        return ApiResponse.ok(Views.preferences(preferences)).withETag(preferences.version());
    }

    @Override
    protected List<APIGatewayProxyRequestEvent> primingRequests() {
        return List.of(
                primingRequest(ApiRoute.GET_MY_PREFERENCES, "/users/me/preferences", null, null, false),
                primingRequest(ApiRoute.PUT_ME, "/users/me", null, "{\"displayName\":42}", false));
    }
}
