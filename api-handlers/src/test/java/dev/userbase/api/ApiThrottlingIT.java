package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.Response;
import dev.userbase.api.testing.TestApi;
import dev.userbase.api.testing.TestUser;
import dev.userbase.core.api.ApiFunction;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.storage.RetryPolicy;
import dev.userbase.core.testing.EngineFaults;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.core.testing.StreamTail;
import dev.userbase.core.testing.TestDynamoDb;
import dev.userbase.core.testing.UnwellCognito;
import dev.userbase.dynamodb.fault.FaultKind;
import dev.userbase.testing.LambdaTestContext;
import software.amazon.awssdk.services.dynamodb.model.OperationType;

/**
 * The social function wired as Lambda and the local stack wire it ({@link ApiServices#create} on a
 * container's {@link AwsClients}, the SDK's real retries and backoff), while DynamoDB keeps throttling
 * a follow's read or its write: the request answers the documented 503 problem with
 * {@code Retry-After} after {@link RetryPolicy#apiDynamoDbCalls()}'s attempts of the throttled call
 * (with the SDK's own DynamoDB retries it spent 36 to 72 s backing off, past the function's
 * timeout), nothing is written, and the client's retry once DynamoDB recovers follows exactly once.
 * Likewise the admin function while Cognito throttles every call or answers none: a suspension answers
 * the 503 within {@link RetryPolicy#apiServiceCalls()}'s budget, with the status saved.
 */
class ApiThrottlingIT {

    @RegisterExtension
    final LocalTables tables = new LocalTables();

    @RegisterExtension
    final EngineFaults engine = new EngineFaults();

    @ParameterizedTest(name = "{0} x{2}")
    @CsvSource({
            "PutItem, ThrottlingException, 10",
            "PutItem, ProvisionedThroughputExceededException, 20",
            "GetItem, ProvisionedThroughputExceededException, 20"})
    void follow_whenDynamoDbKeepsThrottling_answers503WithRetryAfter_andWritesNothing(String operation, String error,
            int count) {
        TestApi seeded = new TestApi(tables);
        TestUser ann = seeded.user("ann-sub", "ann@example.com", "Ann");
        seeded.user("star", "star@example.com", "Star");
        UsersConfig config = tables.config(Map.of(UsersConfig.CURSOR_SIGNING_KEY, TestApi.CURSOR_KEY));
        SocialApiHandler social = new SocialApiHandler(ApiServices.create(ApiFunction.SOCIAL,
                AwsClients.create(config, TestDynamoDb.CREDENTIALS), Clock.systemUTC(), Map.of()));
        StreamTail tail = tables.streamTail();
        tail.poll();

        engine.faults().failNext(operation, count, FaultKind.parse(error));
        long before = engine.faults().injected();
        long start = System.nanoTime();
        Response throttled = follow(social, ann);
        long attempts = engine.faults().injected() - before;
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        engine.faults().clear();

        assertThat(attempts).as("attempts of the throttled %s", operation)
                .isEqualTo(RetryPolicy.apiDynamoDbCalls().maxAttempts());
        assertThat(took).as("sanity bound only (the function's timeout is 10 s)").isLessThan(Duration.ofSeconds(10));
        assertThat(throttled.status()).as(throttled.toString()).isEqualTo(503);
        assertThat(throttled.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(throttled.header("Retry-After")).isEqualTo("1");
        assertThat(throttled.problemType()).isEqualTo("unavailable");
        assertThat(throttled.body().toString()).doesNotContain("Exception", "dev.userbase", "DynamoDb", "\tat ");
        assertThat(tables.item(FollowEdge.key("ann-sub", "star"))).as("no edge").isEmpty();
        assertThat(tail.poll()).as("no stream record").isEmpty();

        Response retried = follow(social, ann);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(204);
        assertThat(tables.item(FollowEdge.key("ann-sub", "star"))).as("the edge").isNotEmpty();
        assertThat(tail.poll()).as("one INSERT of the edge for the counters")
                .singleElement().satisfies(r -> assertThat(r.eventName()).isEqualTo(OperationType.INSERT));
    }

    @ParameterizedTest(name = "Cognito {0}")
    @ValueSource(strings = {"throttling", "silent"})
    void suspend_whenCognitoKeepsThrottlingOrDoesNotAnswer_answers503WithRetryAfter_andTheStatusIsSaved(String how) {
        TestApi seeded = new TestApi(tables);
        TestUser admin = seeded.admin("admin-sub", "admin@example.com");
        seeded.user("bob-sub", "bob@example.com", "Bob");
        try (UnwellCognito cognito = how.equals("silent") ? UnwellCognito.silent() : UnwellCognito.throttling()) {
            UsersConfig config = tables.config(Map.of(UsersConfig.CURSOR_SIGNING_KEY, TestApi.CURSOR_KEY,
                    UsersConfig.USER_POOL_ID, "us-east-1_Unwell1", UsersConfig.COGNITO_ENDPOINT, cognito.endpoint().toString()));
            AdminApiHandler handler = new AdminApiHandler(ApiServices.create(ApiFunction.ADMIN,
                    AwsClients.create(config, TestDynamoDb.CREDENTIALS), Clock.systemUTC(), Map.of()));
            long start = System.nanoTime();

            Response suspended = Response.of(handler.handleRequest(ApiEvents.request(ApiRoute.SET_STATUS).as(admin)
                    .id("bob-sub").json("{\"status\":\"SUSPENDED\",\"reason\":\"abuse\"}").build(),
                    new LambdaTestContext()));

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("sanity bound only (the function's timeout is 10 s; the SDK's own Cognito client "
                    + "spent 122 s on a silent Cognito)").isLessThan(Duration.ofSeconds(10));
            assertThat(suspended.status()).as(suspended.toString()).isEqualTo(503);
            assertThat(suspended.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(suspended.header("Retry-After")).isEqualTo("1");
            assertThat(suspended.problemType()).isEqualTo("unavailable");
            assertThat(suspended.body().toString()).doesNotContain("Exception", "dev.userbase", "Cognito", "\tat ");
            assertThat(seeded.services.profiles().find("bob-sub").orElseThrow().status())
                    .as("the status is saved; repeating the request finishes the Cognito side").isEqualTo(UserStatus.SUSPENDED);
            List<String> calls = cognito.operations();
            assertThat(calls).as("the user's lookup, never answered or always throttled").isNotEmpty().containsOnly("ListUsers");
            if (how.equals("silent")) {
                assertThat(calls).as("one attempt: its 2 s leave no time for a second try").hasSize(1);
            } else {
                assertThat(calls.size() % RetryPolicy.apiServiceCalls().maxAttempts())
                        .as("each try is the client's %d attempts: %s", RetryPolicy.apiServiceCalls().maxAttempts(), calls)
                        .isZero();
                assertThat(calls).hasSizeLessThanOrEqualTo(
                        RetryPolicy.apiServiceCalls().maxAttempts() * RetryPolicy.userPoolCalls().maxAttempts());
            }
        }
    }

    private static Response follow(SocialApiHandler social, TestUser caller) {
        return Response.of(social.handleRequest(ApiEvents.request(ApiRoute.FOLLOW).as(caller).id("star").build(),
                new LambdaTestContext()));
    }
}
