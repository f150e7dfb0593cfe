package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.ApiIntegrationTest;
import dev.userbase.api.testing.Response;
import dev.userbase.api.testing.TestUser;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.model.UserProfile;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Concurrent requests through the real handlers against DynamoDB Local. */
class ConcurrencyIT extends ApiIntegrationTest {

    @Test
    void twentyParallelPuts_withTheSameIfMatch_exactlyOneWins() throws Exception {
        TestUser ann = api.user("ann-sub", "ann@example.com", "Ann");
        List<Callable<Response>> puts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "Name " + i;
            puts.add(() -> api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).ifMatch(1)
                    .json("{\"displayName\":\"" + name + "\"}")));
        }

        List<Response> responses = runTogether(puts);

        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 412).hasSize(19);
        UserProfile profile = api.services.profiles().find("ann-sub").orElseThrow();
        assertThat(profile.version()).isEqualTo(2);
        Response winner = responses.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
        assertThat(profile.displayName()).isEqualTo(winner.body().path("displayName").asText());
    }

    @Test
    void parallelPutsOfDifferentFields_withoutIfMatch_loseNothing() throws Exception {
        TestUser ann = api.user("ann-sub", "ann@example.com", "Ann");
        List<Callable<Response>> puts = List.of(
                () -> api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).header("If-Match", null).json("{\"givenName\":\"Ann\"}")),
                () -> api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).header("If-Match", null).json("{\"familyName\":\"Smith\"}")),
                () -> api.call(ApiEvents.request(ApiRoute.PUT_ME).as(ann).header("If-Match", null)
                        .json("{\"avatarUrl\":\"https://cdn.example.com/a.png\"}")));

        assertThat(runTogether(puts)).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));

        UserProfile profile = api.services.profiles().find("ann-sub").orElseThrow();
        assertThat(profile.givenName()).isEqualTo("Ann");
        assertThat(profile.familyName()).isEqualTo("Smith");
        assertThat(profile.avatarUrl()).isEqualTo("https://cdn.example.com/a.png");
        assertThat(profile.version()).isEqualTo(4);
    }

    @Test
    void hundredParallelFollowsOfOneUser_makeHundredEdges() throws Exception {
        api.user("star", "star@example.com", "Star");
        List<Callable<Response>> follows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            TestUser fan = api.user("fan-" + i, "fan" + i + "@example.com", "Fan " + i);
            follows.add(() -> api.call(ApiEvents.request(ApiRoute.FOLLOW).as(fan).id("star")));
        }

        List<Response> responses = runTogether(follows);

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(204));
        assertThat(followersOf("star")).hasSize(100).doesNotHaveDuplicates();
    }

    private List<String> followersOf(String userId) {
        List<String> followers = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(tables.usersTable()).indexName("followers")
                    .keyConditionExpression("gsi1pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#" + userId)));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = tables.dynamoDb().query(query.build());
            response.items().forEach(item -> followers.add(item.get("followerId").s()));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return followers;
    }

    /** Starts every call at the same moment, each on its own thread. */
    private static <T> List<T> runTogether(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch ready = new CountDownLatch(calls.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await(30, TimeUnit.SECONDS);
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
