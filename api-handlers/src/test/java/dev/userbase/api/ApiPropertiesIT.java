package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.Response;
import dev.userbase.api.testing.TestApi;
import dev.userbase.api.testing.TestUser;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.testing.LocalTables;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Random and malformed input thrown at every route, through the real handlers and DynamoDB Local:
 * the API never answers 5xx, and a refused request (4xx) never changes either table.
 */
class ApiPropertiesIT {

    private static final LocalTables TABLES = new LocalTables();
    private static TestApi api;
    private static final Map<String, TestUser> CALLERS = new java.util.LinkedHashMap<>();

    private static final List<String> FIELDS = List.of("email", "givenName", "familyName", "displayName", "avatarUrl",
            "token", "status", "reason", "theme", "sendInvitation", "userId", "roles", "version", "", "__proto__");

    @BeforeContainer
    static void start() {
        TABLES.beforeEach(null);
        api = new TestApi(TABLES);
        CALLERS.put("ann", api.user("ann-sub", "ann@example.com", "Ann Example"));
        CALLERS.put("bob", api.user("bob-sub", "bob@example.com", "Bob Builder"));
        CALLERS.put("admin", api.admin("admin-sub", "admin@example.com"));
        api.call(ApiEvents.request(ApiRoute.FOLLOW).as(CALLERS.get("ann")).id("bob-sub"));
    }

    @AfterContainer
    static void stop() {
        TABLES.afterEach(null);
    }

    /** Accounts a successful random call may have suspended or deleted are restored, so later tries still reach the writes. */
    @AfterTry
    void restoreAccounts() {
        for (TestUser user : CALLERS.values()) {
            if (api.services.profiles().find(user.sub()).map(p -> p.status() != UserStatus.ACTIVE).orElse(true)) {
                api.user(user, "Restored " + user.sub());
            }
        }
    }

    @Property(tries = 300)
    void randomBodies_neverFail_andRefusalsWriteNothing(@ForAll("bodyRoutes") ApiRoute route, @ForAll("callers") String caller,
            @ForAll("bodies") String body, @ForAll("contentTypes") String contentType) {
        ApiEvents.Builder request = request(route, caller).header("Content-Type", contentType).body(body);
        check(route, request);
    }

    @Property(tries = 150)
    void randomBinaryBodies_neverFail(@ForAll("routes") ApiRoute route, @ForAll("bytes") byte[] body) {
        check(route, request(route, "ann").header("Content-Type", "application/json").base64Body(body));
    }

    @Property(tries = 200)
    void randomHeaders_neverFail(@ForAll("routes") ApiRoute route, @ForAll("callers") String caller,
            @ForAll("headerNames") String name, @ForAll("headerValues") String value) {
        check(route, request(route, caller).header(name, value));
    }

    @Property(tries = 200)
    void randomPathParameters_neverFail(@ForAll("routes") ApiRoute route, @ForAll("callers") String caller,
            @ForAll("pathValues") String id, @ForAll("pathValues") String role) {
        ApiEvents.Builder request = request(route, caller);
        if (route.path().contains("{id}")) {
            request.id(id);
        }
        if (route.path().contains("{role}")) {
            request.role(role);
        }
        check(route, request);
    }

    @Property(tries = 250)
    void randomQueriesAndCursors_neverFail(@ForAll("routes") ApiRoute route, @ForAll("callers") String caller,
            @ForAll("queryNames") String name, @ForAll("queryValues") String value, @ForAll("queryValues") String second) {
        ApiEvents.Builder request = request(route, caller).query(name, value);
        if (value.length() % 3 == 0) {
            request.query(name, second);
        }
        check(route, request);
    }

    @Property(tries = 120)
    void randomGroupsAndClaims_neverFail(@ForAll("routes") ApiRoute route, @ForAll("headerValues") String groups,
            @ForAll("headerValues") String email) {
        check(route, request(route, "bob").claim("cognito:groups", groups).claim("email", email));
    }

    private static void check(ApiRoute route, ApiEvents.Builder request) {
        List<Map<String, AttributeValue>> before = api.snapshot();
        Response response = api.call(request);
        assertThat(response.status()).as("%s -> %s", route, response).isBetween(200, 499);
        if (response.status() >= 400) {
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(api.snapshot()).as("%s refused with %s but wrote", route, response.status()).isEqualTo(before);
        }
    }

    private static ApiEvents.Builder request(ApiRoute route, String caller) {
        ApiEvents.Builder request = ApiEvents.request(route);
        if (caller.equals("none")) {
            request.anonymous();
        } else {
            request.as(CALLERS.get(caller));
        }
        if (route.path().contains("{id}")) {
            request.id("bob-sub");
        }
        return request;
    }

    @Provide
    Arbitrary<ApiRoute> routes() {
        return Arbitraries.of(ApiRoute.values()).withoutEdgeCases();
    }

    /** Mostly the routes that read a body, with the others mixed in. */
    @Provide
    Arbitrary<ApiRoute> bodyRoutes() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(ApiRoute.PUT_ME, ApiRoute.PUT_CURRENT, ApiRoute.PUT_MY_PREFERENCES,
                        ApiRoute.REQUEST_EMAIL_CHANGE, ApiRoute.CONFIRM_EMAIL_CHANGE, ApiRoute.CREATE_USER,
                        ApiRoute.SET_STATUS).withoutEdgeCases()),
                net.jqwik.api.Tuple.of(1, routes()));
    }

    @Provide
    Arbitrary<String> callers() {
        return Arbitraries.of("ann", "bob", "admin", "admin", "none").withoutEdgeCases();
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(ApiPropertiesIT::quote),
                Arbitraries.of("null", "true", "false", "0", "-1", "1e309", "12345678901234567890123", "\"\"",
                        quote("https://cdn.example.com/a.png"), quote("javascript:alert(1)"), quote("a@b.co"),
                        quote("ANN@EXAMPLE.COM"), quote("SUSPENDED"), quote("DELETED"), quote("A".repeat(43)),
                        quote("x".repeat(600)), "[]", "{}", "[1,{}]", "{\"a\":{\"b\":[null]}}"));
        Arbitrary<String> objects = Combinators.combine(
                        Arbitraries.of(FIELDS).list().ofMaxSize(5),
                        scalars.list().ofSize(5))
                .as((names, values) -> {
                    StringBuilder json = new StringBuilder("{");
                    for (int i = 0; i < names.size(); i++) {
                        json.append(i == 0 ? "" : ",").append(quote(names.get(i))).append(':').append(values.get(i));
                    }
                    return json.append('}').toString();
                });
        Arbitrary<String> broken = Arbitraries.of("{", "}", "{\"a\":}", "{\"a\":1,\"a\":2}", "{\"a\":1} x", "[".repeat(100),
                "{\"a\":\"\\ud800\"}", "\u0000", "{'a':1}", "{\"email\":\"a@b.co\"}{}", "NaN", "  ");
        Arbitrary<String> huge = Arbitraries.integers().between(8_000, 20_000).map(n -> "{\"theme\":\"" + "x".repeat(n) + "\"}");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, objects),
                net.jqwik.api.Tuple.of(2, scalars),
                net.jqwik.api.Tuple.of(2, broken),
                net.jqwik.api.Tuple.of(1, huge),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(200)));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "application/json; charset=utf-8", "text/plain",
                "application/json; charset=iso-8859-1", "application/x-www-form-urlencoded", "", "APPLICATION/JSON",
                "application/problem+json", "multipart/form-data; boundary=x");
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                .injectDuplicates(0.1)
                .edgeCases(edges -> edges.add(new byte[] {(byte) 0xC3, (byte) 0x28})
                        .add("{\"givenName\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Provide
    Arbitrary<String> headerNames() {
        return Arbitraries.of("If-Match", "if-match", "Idempotency-Key", "Content-Type", "Authorization", "X-Unknown");
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(
                Arbitraries.of("\"1\"", "\"2\"", "*", "W/\"1\"", "\"1\", \"2\"", "1", "\"", "\"a\"", "", " ", "admin",
                        "[admin]", "[\"admin\"]", "admin,admin", "\"key-1\"", "x".repeat(300)),
                Arbitraries.strings().ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> pathValues() {
        return Arbitraries.oneOf(
                Arbitraries.of("me", "current", "bob-sub", "ann-sub", "admin-sub", "nobody", "editor", "USER#bob-sub",
                        "bob-sub#x", "..", "%2F", "Admin", "a".repeat(200), "édouard", " "),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> queryNames() {
        return Arbitraries.of("limit", "cursor", "q", "status", "unknown");
    }

    @Provide
    Arbitrary<String> queryValues() {
        String realCursor = api == null ? "x" : validCursor();
        return Arbitraries.oneOf(
                Arbitraries.of("1", "20", "100", "0", "101", "-1", "ACTIVE", "SUSPENDED", "bo", "an", "b", "", realCursor,
                        realCursor.substring(0, realCursor.length() - 1), realCursor + "x", realCursor.replace('.', '-'),
                        "eyJ2IjoxLCJrIjp7InBrIjoiVVNFUiNhIiwic2siOiJGT0xMT1dTI2IifX0.AAAA"),
                Arbitraries.strings().ofMaxLength(80));
    }

    private static String validCursor() {
        for (int i = 0; i < 2; i++) {
            api.call(ApiEvents.request(ApiRoute.FOLLOW).as(CALLERS.get("admin")).id(i == 0 ? "bob-sub" : "ann-sub"));
        }
        Response page = api.call(ApiEvents.request(ApiRoute.GET_FOLLOWING).as(CALLERS.get("ann")).id("admin-sub")
                .noQuery().query("limit", "1"));
        return page.body().path("nextCursor").asText("x.y");
    }

    private static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

}
