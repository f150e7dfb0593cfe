package dev.userbase.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.userbase.core.api.ApiRoute.Authorization;
import dev.userbase.core.api.ApiRoute.TokenUse;

class ApiRouteTest {

    @Test
    void match_prefersLiteralSegmentsOverParameters() {
        assertThat(ApiRoute.match("GET", "/users/me")).contains(ApiRoute.GET_ME);
        assertThat(ApiRoute.match("GET", "/users/search")).contains(ApiRoute.SEARCH_USERS);
        assertThat(ApiRoute.match("GET", "/users/abc")).contains(ApiRoute.GET_USER);
        assertThat(ApiRoute.match("GET", "/users/me/followers")).contains(ApiRoute.GET_MY_FOLLOWERS);
        assertThat(ApiRoute.match("GET", "/users/abc/followers")).contains(ApiRoute.GET_FOLLOWERS);
        assertThat(ApiRoute.match("PUT", "/users/abc/roles/editor")).contains(ApiRoute.ASSIGN_ROLE);
        assertThat(ApiRoute.match("post", "/users/abc/follow")).contains(ApiRoute.FOLLOW);
    }

    @Test
    void match_whenNoRoute_isEmpty() {
        assertThat(ApiRoute.match("PATCH", "/users/me")).isEmpty();
        assertThat(ApiRoute.match("GET", "/users/abc/unknown")).isEmpty();
        assertThat(ApiRoute.match("GET", "/users//followers")).isEmpty();
        assertThat(ApiRoute.pathExists("/users/me")).isTrue();
        assertThat(ApiRoute.pathExists("/nope")).isFalse();
    }

    @Test
    void everyRoute_isUniqueAndAdminRoutesRunInTheAdminFunction() {
        assertThat(ApiRoute.values()).extracting(r -> r.method() + " " + r.path()).doesNotHaveDuplicates();
        for (ApiRoute route : ApiRoute.values()) {
            assertThat(route.access() == ApiRoute.Access.ADMIN).isEqualTo(route.function() == ApiFunction.ADMIN);
        }
    }

    @Test
    void authorization_withoutScopes_takesIdTokensOnly() {
        Authorization none = new Authorization(List.of());

        assertThat(none.acceptedToken()).isEqualTo(TokenUse.ID);
        assertThat(none.accepts(TokenUse.ID, Set.of())).isTrue();
        assertThat(none.accepts(TokenUse.ACCESS, Set.of("aws.cognito.signin.user.admin", "openid"))).isFalse();
    }

    @Test
    void authorization_withScopes_takesAccessTokensCarryingOneOfThem_andNoIdToken() {
        Authorization scoped = new Authorization(List.of("users/read", "users/admin"));

        assertThat(scoped.acceptedToken()).isEqualTo(TokenUse.ACCESS);
        assertThat(scoped.accepts(TokenUse.ACCESS, Set.of("openid", "users/admin"))).isTrue();
        assertThat(scoped.accepts(TokenUse.ACCESS, Set.of("openid", "aws.cognito.signin.user.admin"))).isFalse();
        assertThat(scoped.accepts(TokenUse.ACCESS, Set.of())).isFalse();
        assertThat(scoped.accepts(TokenUse.ID, Set.of("users/read"))).isFalse();
    }

    @Test
    void everyRoute_takesIdTokensToday_becauseTheHandlersReadProfileClaims() {
        // The handlers read email and names from the claims; an access token has none of them. A route
        // that gets scopes must stop needing them first (and this test then names it).
        for (ApiRoute route : ApiRoute.values()) {
            assertThat(route.authorization().scopes()).as(route.name()).isEmpty();
            assertThat(route.authorization().acceptedToken()).as(route.name()).isEqualTo(TokenUse.ID);
        }
        assertThat(TokenUse.ID.claim()).isEqualTo("id");
        assertThat(TokenUse.ACCESS.claim()).isEqualTo("access");
    }
}
