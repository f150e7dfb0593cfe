package dev.userbase.api;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import dev.userbase.api.IdempotentUserCreation.CreateUserCall;
import dev.userbase.api.IdempotentUserCreation.CreatedUser;
import dev.userbase.api.http.ApiProblem;
import dev.userbase.api.http.ApiRequest;
import dev.userbase.api.http.ApiResponse;
import dev.userbase.core.admin.AdminService;
import dev.userbase.core.admin.NewUserRequest;
import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.error.NotFoundException;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.model.VersionCondition;
import dev.userbase.core.paging.PageRequest;
import dev.userbase.core.profile.JsonFields;
import dev.userbase.core.profile.StatusChange;
import software.amazon.lambda.powertools.idempotency.Idempotency;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyAlreadyInProgressException;
import software.amazon.lambda.powertools.idempotency.exceptions.IdempotencyValidationException;

/**
 * Administration (members of the Cognito group {@code admin} only): list users by status, create
 * users, change status and roles, read audit trails. The only function with Cognito's
 * AdminCreateUser, AdminDeleteUser, AdminEnableUser, AdminDisableUser, AdminUserGlobalSignOut,
 * AdminGetUser and ListUsers, and with the idempotency table.
 */
public class AdminApiHandler extends ApiHandler {

    static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final IdempotentUserCreation creation;

    /** Lambda's constructor: configuration from the environment, SDK clients built once. */
    public AdminApiHandler() {
        this(AwsClients.create(UsersConfig.fromEnvironment()), Clock.systemUTC());
    }

    public AdminApiHandler(AwsClients clients, Clock clock) {
        this(ApiServices.create(ApiFunction.ADMIN, clients, clock, System.getenv()));
    }

    public AdminApiHandler(ApiServices services) {
        super(ApiFunction.ADMIN, services);
        this.creation = new IdempotentUserCreation(services.userCreation(), services.dynamoDb(),
                services.config().usersTable(), services.config().idempotencyTable());
    }

    @Override
    protected ApiResponse dispatch(ApiRequest request, Context context) {
        AdminService admin = services.admin();
        return switch (request.route()) {
            case LIST_USERS -> {
                UserStatus status = status(request.query("status").orElse(UserStatus.ACTIVE.name()));
                PageRequest page = page(request);
                requireActiveAdministrator(request);
                yield ApiResponse.ok(Views.page(admin.list(status, page), Views::adminSummary));
            }
            case CREATE_USER -> createUser(request, context);
            case SET_STATUS -> setStatus(request);
            case ASSIGN_ROLE -> {
                String role = request.pathParameter("role");
                AdminService.requireRole(role);
                requireActiveCaller(request);
                yield ApiResponse.ok(Views.roles(admin.assignRole(request.userId(), role, request.changeContext())));
            }
            case REMOVE_ROLE -> {
                String role = request.pathParameter("role");
                AdminService.requireRole(role);
                requireActiveCaller(request);
                yield ApiResponse.ok(Views.roles(admin.removeRole(request.userId(), role, request.changeContext())));
            }
            case GET_AUDIT -> {
                PageRequest page = page(request);
                requireActiveAdministrator(request);
                yield ApiResponse.ok(Views.page(admin.audit(request.userId(), page), Views::auditEntry));
            }
            case EXPORT_USER -> {
                requireActiveAdministrator(request);
                yield ExportPaging.export(request, services.exports(), request.userId(),
                        () -> services.exports().start(request.caller(), request.userId(), null, request.requestId()));
            }
            case ERASE_USER -> {
                requireActiveCaller(request);
                services.erasure().erase(request.caller(), request.userId());
                yield ApiResponse.json(202, dev.userbase.api.http.Json.MAPPER.createObjectNode()
                        .put("userId", request.userId()).put("erasure", "ERASING"));
            }
            case RESTORE_USER -> {
                requireActiveCaller(request);
                StatusChange restored = services.erasure().restore(request.userId(), request.changeContext());
                yield adminView(restored);
            }
            default -> throw new IllegalStateException(request.route() + " is not an admin route");
        };
    }

    private ApiResponse createUser(ApiRequest request, Context context) {
        String key = idempotencyKey(request);
        NewUserRequest body = NewUserRequest.fromJson(request.json());
        requireActiveCaller(request);
        creation.configure();
        if (context != null) {
            Idempotency.registerLambdaContext(context);
        }
        CreatedUser created;
        try {
            created = creation.create(new CreateUserCall(request.caller().userId(), key, body, request.requestId()));
        } catch (IdempotencyValidationException e) {
            throw ApiProblem.idempotencyKeyReused();
        } catch (IdempotencyAlreadyInProgressException e) {
            throw ApiProblem.requestInProgress();
        }
        // the record keeps the id only: the body is the profile as it is now (a replay's too)
        UserProfile profile = services.profiles().find(created.userId())
                .orElseThrow(() -> new NotFoundException("The user created with this Idempotency-Key no longer exists"));
        return ApiResponse.json(201, Views.adminProfile(profile)).withHeader("Location", "/users/" + created.userId());
    }

    private ApiResponse setStatus(ApiRequest request) {
        JsonFields fields = JsonFields.of(request.json()).allowOnly(Set.of("status", "reason"), Set.of());
        UserStatus status = fields.requiredEnum("status", UserStatus.class);
        String reason = fields.requiredText("reason", AdminService.MAX_REASON_LENGTH);
        fields.validate();
        VersionCondition condition = request.ifMatch();
        requireActiveCaller(request);
        StatusChange change = services.admin().setStatus(request.caller(), request.userId(), status, reason,
                condition, request.changeContext());
        return adminView(change);
    }

    /** The changed profile's admin view, with its version as ETag. */
    private static ApiResponse adminView(StatusChange change) {
        return ApiResponse.ok(Views.adminProfile(change.profile())).withETag(change.profile().version());
    }

    private static String idempotencyKey(ApiRequest request) {
        String key = request.header("Idempotency-Key").map(String::strip).orElse(null);
        if (key != null && key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1); // the structured-field form of the header
        }
        if (key == null || !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw InvalidInputException.forField("Idempotency-Key",
                    "Creating a user needs an Idempotency-Key header of 1 to 255 visible ASCII characters");
        }
        return key;
    }

    private static UserStatus status(String value) {
        try {
            return UserStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.forField("status", "status must be one of ACTIVE, SUSPENDED, DELETED");
        }
    }

    @Override
    protected List<APIGatewayProxyRequestEvent> primingRequests() {
        return List.of(
                primingRequest(ApiRoute.GET_AUDIT, "/users/" + PRIMING_USER + "/audit",
                        Map.of("id", PRIMING_USER), null, true),
                primingRequest(ApiRoute.SET_STATUS, "/users/" + PRIMING_USER + "/status",
                        Map.of("id", PRIMING_USER), "{\"status\":\"NONE\"}", true));
    }
}
