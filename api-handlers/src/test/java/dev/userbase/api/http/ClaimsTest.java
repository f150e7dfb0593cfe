package dev.userbase.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.core.access.Caller;
import dev.userbase.core.api.ApiRoute;

class ClaimsTest {

    @ParameterizedTest
    @ValueSource(strings = {"admin", "admin,editors", "editors,admin", "[admin editors]", "[editors admin]",
        "[admin, editors]", "[\"editors\",\"admin\"]", " admin ", "editors, admin"})
    void groups_readEveryShapeApiGatewayUses(String claim) {
        assertThat(Claims.groups(claim)).contains("admin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "administrators", "[editors support]", "not-admin,editors", "[\"admins\"]"})
    void groups_withoutAdmin_doNotMakeAnAdmin(String claim) {
        assertThat(Claims.groups(claim)).doesNotContain("admin");
    }

    @Test
    void groups_fromAListOrNothing() {
        assertThat(Claims.groups(List.of("admin", "editors"))).containsExactly("admin", "editors");
        assertThat(Claims.groups(null)).isEmpty();
    }

    @Test
    void caller_readsIdTokenClaims() {
        Caller caller = Claims.caller(ApiEvents.load(ApiRoute.LIST_USERS)).orElseThrow();
        assertThat(caller.userId()).isEqualTo("c0ffee00-1234-4abc-8def-00000000a0a0");
        assertThat(caller.userName()).isEqualTo(caller.userId());
        assertThat(caller.email()).isEqualTo("admin@example.com");
        assertThat(caller.isAdmin()).isTrue();
    }

    @Test
    void caller_fromAnAccessToken_usesTheUsernameClaim() {
        APIGatewayProxyRequestEvent event = ApiEvents.load(ApiRoute.GET_ME);
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "abc-123");
        claims.put("username", "ann-user");
        claims.put("token_use", "access");
        event.getRequestContext().getAuthorizer().put("claims", claims);

        Caller caller = Claims.caller(event).orElseThrow();

        assertThat(caller.userName()).isEqualTo("ann-user");
        assertThat(caller.email()).isNull();
        assertThat(caller.isAdmin()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a#b", "USER#x", "with space",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void caller_withAnUnusableSub_isNobody(String sub) {
        APIGatewayProxyRequestEvent event = ApiEvents.load(ApiRoute.GET_ME);
        event.getRequestContext().getAuthorizer().put("claims", new HashMap<>(Map.of("sub", sub)));
        assertThat(Claims.caller(event)).isEmpty();
    }

    @Test
    void caller_withoutAuthorizerOrClaimsMap_isNobody() {
        APIGatewayProxyRequestEvent event = ApiEvents.load(ApiRoute.GET_ME);
        event.getRequestContext().getAuthorizer().put("claims", "sub=abc");
        assertThat(Claims.caller(event)).isEmpty();
        event.getRequestContext().setAuthorizer(null);
        assertThat(Claims.caller(event)).isEmpty();
    }
}
