package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.Response;
import dev.userbase.api.testing.TestApi;
import dev.userbase.api.testing.TestUser;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.testing.LocalTables;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every route × {no token, the subject user, another user, an admin, a suspended user, a suspended
 * admin}: the status code each gets, and that every refused call (4xx) left both tables exactly as
 * they were. A suspended admin still holds the {@code admin} group in their token (it lasts until
 * the token expires), and is refused every admin route, reads too.
 * For {@code {id}} routes the subject is {@code sam}; {@code /users/me} routes act on the caller.
 */
class AuthorizationMatrixIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    enum Caller { NO_TOKEN, SELF, OTHER, ADMIN, SUSPENDED, SUSPENDED_ADMIN }

    private static final Map<ApiRoute, int[]> EXPECTED = new EnumMap<>(ApiRoute.class);

    static {
        //                                              none self other admin suspended suspended-admin
        expect(ApiRoute.GET_ME,                         401, 200, 200, 200, 200, 200);
        expect(ApiRoute.PUT_ME,                         401, 200, 200, 200, 403, 403);
        expect(ApiRoute.DELETE_ME,                      401, 204, 204, 204, 403, 403);
        expect(ApiRoute.GET_CURRENT,                    401, 200, 200, 200, 200, 200);
        expect(ApiRoute.PUT_CURRENT,                    401, 200, 200, 200, 403, 403);
        expect(ApiRoute.DELETE_CURRENT,                 401, 204, 204, 204, 403, 403);
        expect(ApiRoute.GET_MY_PREFERENCES,             401, 200, 200, 200, 200, 200);
        expect(ApiRoute.PUT_MY_PREFERENCES,             401, 200, 200, 200, 403, 403);
        expect(ApiRoute.REQUEST_EMAIL_CHANGE,           401, 202, 202, 202, 403, 403);
        expect(ApiRoute.CONFIRM_EMAIL_CHANGE,           401, 200, 200, 200, 403, 403);
        expect(ApiRoute.GET_MY_FOLLOWERS,               401, 200, 200, 200, 200, 200);
        expect(ApiRoute.GET_MY_FOLLOWING,               401, 200, 200, 200, 200, 200);
        expect(ApiRoute.SEARCH_USERS,                   401, 200, 200, 200, 200, 200);
        expect(ApiRoute.GET_USER,                       401, 200, 200, 200, 200, 200);
        expect(ApiRoute.GET_FOLLOWERS,                  401, 200, 200, 200, 200, 200);
        expect(ApiRoute.GET_FOLLOWING,                  401, 200, 200, 200, 200, 200);
        expect(ApiRoute.FOLLOW,                         401, 400, 204, 204, 403, 403);
        expect(ApiRoute.UNFOLLOW,                       401, 400, 204, 204, 403, 403);
        expect(ApiRoute.LIST_USERS,                     401, 403, 403, 200, 403, 403);
        expect(ApiRoute.CREATE_USER,                    401, 403, 403, 201, 403, 403);
        expect(ApiRoute.SET_STATUS,                     401, 403, 403, 200, 403, 403);
        expect(ApiRoute.ASSIGN_ROLE,                    401, 403, 403, 200, 403, 403);
        expect(ApiRoute.REMOVE_ROLE,                    401, 403, 403, 200, 403, 403);
        expect(ApiRoute.GET_AUDIT,                      401, 403, 403, 200, 403, 403);
        expect(ApiRoute.EXPORT_ME,                      401, 200, 200, 200, 200, 200);
        expect(ApiRoute.EXPORT_USER,                    401, 403, 403, 200, 403, 403);
        expect(ApiRoute.ERASE_USER,                     401, 403, 403, 202, 403, 403);
        expect(ApiRoute.RESTORE_USER,                   401, 403, 403, 200, 403, 403);
    }

    private static void expect(ApiRoute route, int... statuses) {
        EXPECTED.put(route, statuses);
    }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (ApiRoute route : ApiRoute.values()) {
            for (Caller caller : Caller.values()) {
                cells.add(Arguments.of(route, caller, EXPECTED.get(route)[caller.ordinal()]));
            }
        }
        return cells.stream();
    }

    @Test
    void everyRouteHasARowInTheMatrix() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(ApiRoute.values());
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("cells")
    void route_asCaller_getsStatus_andRefusalsWriteNothing(ApiRoute route, Caller caller, int expected) {
        TestApi api = new TestApi(tables);
        Map<Caller, TestUser> users = new EnumMap<>(Caller.class);
        users.put(Caller.SELF, api.user("sam", "sam@example.com", "Sam Subject"));
        users.put(Caller.OTHER, api.user("otto", "otto@example.com", "Otto Other"));
        users.put(Caller.ADMIN, api.admin("ada", "ada@example.com"));
        users.put(Caller.SUSPENDED, api.user("sus", "sus@example.com", "Sus Pended"));
        users.put(Caller.SUSPENDED_ADMIN, api.admin("sadie", "sadie@example.com"));
        arrange(api, route, users);
        api.setStatus("sus", UserStatus.SUSPENDED);
        api.setStatus("sadie", UserStatus.SUSPENDED);

        ApiEvents.Builder request = request(api, route, caller == Caller.NO_TOKEN ? users.get(Caller.OTHER) : users.get(caller));
        if (caller == Caller.NO_TOKEN) {
            request.anonymous();
        }
        List<Map<String, AttributeValue>> before = api.snapshot();
        Response response = api.call(request);

        assertThat(response.status()).as("%s as %s: %s", route, caller, response).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(api.snapshot()).as("a refused call wrote nothing").isEqualTo(before);
        }
    }

    /** State the route needs before the call (a pending email change, a follow, a role), for every caller. */
    private static void arrange(TestApi api, ApiRoute route, Map<Caller, TestUser> users) {
        switch (route) {
            case CONFIRM_EMAIL_CHANGE -> users.values().forEach(user -> assertThat(api.call(
                    ApiEvents.request(ApiRoute.REQUEST_EMAIL_CHANGE).as(user)
                            .json("{\"email\":\"new-" + user.sub() + "@example.com\"}")).status()).isEqualTo(202));
            case UNFOLLOW -> users.values().stream().filter(u -> !u.sub().equals("sam")).forEach(user ->
                    api.call(ApiEvents.request(ApiRoute.FOLLOW).as(user).id("sam")));
            case REMOVE_ROLE -> api.call(ApiEvents.request(ApiRoute.ASSIGN_ROLE).as(users.get(Caller.ADMIN)).id("sam").role("editor"));
            default -> { }
        }
    }

    private static ApiEvents.Builder request(TestApi api, ApiRoute route, TestUser caller) {
        ApiEvents.Builder request = ApiEvents.request(route).as(caller);
        if (route.path().contains("{id}")) {
            request.id("sam");
        }
        return switch (route) {
            case PUT_ME, PUT_CURRENT -> request.header("If-Match", null).json("{\"givenName\":\"Changed\"}");
            case PUT_MY_PREFERENCES -> request.json("{\"theme\":\"dark\"}");
            case REQUEST_EMAIL_CHANGE -> request.json("{\"email\":\"changed-" + caller.sub() + "@example.com\"}");
            case CONFIRM_EMAIL_CHANGE -> request.json("{\"token\":\"" + tokenOf(api, caller) + "\"}");
            case SEARCH_USERS -> request.noQuery().query("q", "sa");
            case CREATE_USER -> request.header("Idempotency-Key", "matrix-" + caller.sub()).json("{\"email\":\"created@example.com\"}");
            case SET_STATUS -> request.json("{\"status\":\"SUSPENDED\",\"reason\":\"matrix\"}");
            case ASSIGN_ROLE, REMOVE_ROLE -> request.role("editor");
            default -> request;
        };
    }

    private static String tokenOf(TestApi api, TestUser caller) {
        return api.outbox.stream().filter(m -> m.userId().equals(caller.sub())).map(m -> m.token()).findFirst()
                .orElse("A".repeat(43));
    }
}
