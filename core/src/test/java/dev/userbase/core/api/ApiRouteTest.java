package dev.userbase.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
