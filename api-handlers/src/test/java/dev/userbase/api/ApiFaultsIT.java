package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import dev.userbase.api.testing.ApiEvents;
import dev.userbase.api.testing.Response;
import dev.userbase.api.testing.TestApi;
import dev.userbase.api.testing.TestUser;
import dev.userbase.core.api.ApiRoute;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.FollowEdge;
import dev.userbase.core.model.UserPreferences;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.testing.StoredItems;
import dev.userbase.core.testing.EngineFaults;
import dev.userbase.core.testing.FaultCase;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.core.testing.StreamTail;
import dev.userbase.dynamodb.fault.FaultKind;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Representative writes of the REST API while the engine fails the operations they use (the read of
 * the caller's profile, GetItem, and the write itself). Every answer is a success or a 503 problem
 * (problem+json, Retry-After, no internals); a client that retries each 5xx as a new request (a new
 * request id, the same If-Match) ends with the state exactly as one successful request leaves it:
 * the version incremented once, one follow edge, one stream record for the counters to count.
 */
class ApiFaultsIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private static final int CLIENT_TRIES = 10;

    @RegisterExtension
    final EngineFaults engine = new EngineFaults();

    enum Write {
        UPDATE_PROFILE("UpdateItem"), FOLLOW("PutItem"), UNFOLLOW("DeleteItem"), SAVE_PREFERENCES("UpdateItem"),
        START_EMAIL_CHANGE("TransactWriteItems");

        final String operation;

        Write(String operation) {
            this.operation = operation;
        }
    }

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Write write : Write.values()) {
            for (FaultCase fault : FaultCase.matrix("GetItem", write.operation)) {
                cases.add(Arguments.of(write, fault));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cases")
    void writeUnderFault_answersSuccessOr503_andTheRetriedWriteLeavesExactState(Write write, FaultCase fault) {
        TestApi api = new TestApi(tables, engine.client());
        TestUser ann = api.user("ann-sub", "ann@example.com", "Ann");
        api.user("star", "star@example.com", "Star");
        if (write == Write.UNFOLLOW) {
            api.put(new FollowEdge("ann-sub", "star", api.clock.instant()).toItem());
        }
        StreamTail tail = tables.streamTail();
        tail.poll();

        engine.arm(fault);
        List<Response> answers = callAsClient(api, () -> switch (write) {
            case UPDATE_PROFILE -> ApiEvents.request(ApiRoute.PUT_ME).as(ann).ifMatch(1)
                    .json("{\"displayName\":\"Ann Faulty\"}").build();
            case FOLLOW -> ApiEvents.request(ApiRoute.FOLLOW).as(ann).id("star").build();
            case UNFOLLOW -> ApiEvents.request(ApiRoute.UNFOLLOW).as(ann).id("star").build();
            case SAVE_PREFERENCES -> ApiEvents.request(ApiRoute.PUT_MY_PREFERENCES).as(ann).ifMatch(0)
                    .json("{\"theme\":\"dark\"}").build();
            case START_EMAIL_CHANGE -> ApiEvents.request(ApiRoute.REQUEST_EMAIL_CHANGE).as(ann)
                    .json("{\"email\":\"ann.new@example.com\"}").build();
        });
        long injected = engine.disarm();

        assertThat(injected).as("faults injected").isPositive();
        Response last = answers.get(answers.size() - 1);
        assertThat(last.status()).as("the retried request's answer: %s", last).isBetween(200, 299);
        for (Response failed : answers.subList(0, answers.size() - 1)) {
            assertProblem503(failed);
        }
        // the email change retries a cancelled transaction itself, up to five times
        boolean serviceRetries = write == Write.START_EMAIL_CHANGE && fault.kind() == FaultKind.TRANSACTION_CONFLICT
                && fault.count() < 5;
        if (fault.surfaces() && fault.operation().equals(write.operation) && !fault.afterApplying() && !serviceRetries) {
            assertThat(answers).as("the error reached the client").hasSizeGreaterThan(1);
        }
        if (!fault.surfaces()) {
            assertThat(answers).as("the SDK absorbed the fault").hasSize(1);
        }

        StoredItems repository = tables.items();
        UserProfile profile = repository.findProfile("ann-sub").orElseThrow();
        List<Record> records = tail.poll();
        switch (write) {
            case UPDATE_PROFILE -> {
                assertThat(profile.displayName()).isEqualTo("Ann Faulty");
                assertThat(profile.version()).as("version incremented once").isEqualTo(2);
                assertThat(last.header("ETag")).isEqualTo("\"2\"");
                assertThat(records).as("one change in the stream").hasSize(1);
            }
            case FOLLOW -> {
                assertThat(tables.item(FollowEdge.key("ann-sub", "star"))).as("the edge").isNotEmpty();
                assertThat(records).as("one INSERT of the edge for the counters")
                        .singleElement().satisfies(r -> assertThat(r.eventName()).isEqualTo(OperationType.INSERT));
            }
            case UNFOLLOW -> {
                assertThat(tables.item(FollowEdge.key("ann-sub", "star"))).as("the edge").isEmpty();
                assertThat(records).as("one REMOVE of the edge for the counters")
                        .singleElement().satisfies(r -> assertThat(r.eventName()).isEqualTo(OperationType.REMOVE));
            }
            case SAVE_PREFERENCES -> {
                UserPreferences preferences = repository.findPreferences("ann-sub").orElseThrow();
                assertThat(preferences.version()).as("version incremented once").isEqualTo(1);
                assertThat(records).hasSize(1);
            }
            case START_EMAIL_CHANGE -> {
                assertThat(profile.pendingEmail()).isEqualTo("ann.new@example.com");
                EmailReservation guard = repository.findReservation("ann.new@example.com").orElseThrow();
                assertThat(guard.state()).isEqualTo(EmailReservation.State.PENDING);
                assertThat(guard.userId()).isEqualTo("ann-sub");
                // One token was sent, and it confirms the change. (A request whose answer was lost after
                // its transaction committed never sent its token: the client's retry is a new request
                // that makes and sends another, so the version may grow twice.)
                assertThat(api.outbox).as("tokens sent").hasSize(1);
                Response confirmation = api.call(ApiEvents.request(ApiRoute.CONFIRM_EMAIL_CHANGE).as(ann)
                        .json("{\"token\":\"" + api.outbox.get(0).token() + "\"}"));
                assertThat(confirmation.status()).as(confirmation.toString()).isEqualTo(200);
                assertThat(repository.findProfile("ann-sub").orElseThrow().email()).isEqualTo("ann.new@example.com");
                assertThat(repository.findReservation("ann.new@example.com").orElseThrow().state())
                        .isEqualTo(EmailReservation.State.CONFIRMED);
                assertThat(repository.findReservation("ann@example.com")).as("the old address released").isEmpty();
            }
        }
    }

    /** Sends the request until it succeeds, as a client that retries 5xx answers: a new request each time. */
    private static List<Response> callAsClient(TestApi api, Supplier<APIGatewayProxyRequestEvent> request) {
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < CLIENT_TRIES; i++) {
            APIGatewayProxyRequestEvent event = request.get();
            event.getRequestContext().setRequestId(UUID.randomUUID().toString());
            Response response = api.call(event);
            answers.add(response);
            if (response.status() < 500) {
                return answers;
            }
        }
        throw new AssertionError("still failing after " + CLIENT_TRIES + " tries: " + answers);
    }

    private static void assertProblem503(Response response) {
        assertThat(response.status()).as("a failed answer: %s", response).isEqualTo(503);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.header("Retry-After")).isNotBlank();
        assertThat(response.problemType()).isEqualTo("unavailable");
        assertThat(response.body().path("title").asText()).isEqualTo("Service Unavailable");
        assertThat(response.body().path("status").asInt()).isEqualTo(503);
        assertThat(response.body().path("requestId").asText()).isNotBlank();
        assertThat(response.body().toString()).doesNotContain("Exception", "dev.userbase", "DynamoDb", "\tat ");
    }
}
