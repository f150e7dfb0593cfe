package dev.userbase.triggers;

import static dev.userbase.triggers.FixtureUsers.ANN_EMAIL;
import static dev.userbase.triggers.TriggerFailures.assertFailsShowing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreSignUpEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.testing.TestDynamoDb;
import dev.userbase.testing.LambdaTestContext;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.testing.MutableClock;

/** The PreSignUp handler on real event JSON against DynamoDB Local, through the real SDK. */
class PreSignUpHandlerIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String TAKEN = "An account with this email already exists";

    private final MutableClock clock = MutableClock.at(T0);

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-sign-up.json", type = CognitoUserPoolPreSignUpEvent.class)
    void sameEmailInAnotherCase_isRejected(CognitoUserPoolPreSignUpEvent event) {
        PreSignUpHandler handler = handler(clock);
        CognitoUserPoolPreSignUpEvent other = EventJson.copy(event);
        other.setUserName("0a0b0c0d-0000-4000-8000-000000000001");
        other.getRequest().getUserAttributes().put("email", "  ANN.LEE+NEWS@example.COM");

        handler.handleRequest(event, new LambdaTestContext("req-1"));

        assertFailsShowing(() -> handler.handleRequest(other, new LambdaTestContext("req-2")),
                TAKEN);
        EmailReservation guard = tables.items().findReservation(ANN_EMAIL).orElseThrow();
        assertThat(guard.userName()).isEqualTo(event.getUserName());
        assertThat(guard.state()).isEqualTo(EmailReservation.State.PENDING);
        assertThat(guard.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-sign-up.json", type = CognitoUserPoolPreSignUpEvent.class)
    void fiftyConcurrentSignUpsForOneEmail_leaveOneReservationAndFortyNineClearRejections(
            CognitoUserPoolPreSignUpEvent event) throws Exception {
        int callers = 50;
        List<PreSignUpHandler> handlers = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            handlers.add(handler(Clock.systemUTC())); // one per "container"
        }
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            CognitoUserPoolPreSignUpEvent mine = EventJson.copy(event);
            mine.setUserName("user-" + i);
            PreSignUpHandler handler = handlers.get(i);
            outcomes.add(pool.submit(() -> {
                start.await();
                try {
                    handler.handleRequest(mine, new LambdaTestContext("req-" + mine.getUserName()));
                    return "reserved:" + mine.getUserName();
                } catch (TriggerFailure e) {
                    return "refused:" + e.getMessage();
                }
            }));
        }
        start.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
            results.add(outcome.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        List<String> reserved = results.stream().filter(r -> r.startsWith("reserved:")).toList();
        assertThat(reserved).hasSize(1);
        assertThat(results.stream().filter(r -> r.startsWith("refused:")))
                .hasSize(49)
                .containsOnly("refused:" + TAKEN);
        assertThat(tables.itemCount()).isEqualTo(1);
        assertThat(tables.items().findReservation(ANN_EMAIL).orElseThrow().userName())
                .isEqualTo(reserved.get(0).substring("reserved:".length()));
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-sign-up.json", type = CognitoUserPoolPreSignUpEvent.class)
    void expiredPendingReservation_canBeTakenOver(CognitoUserPoolPreSignUpEvent event) {
        PreSignUpHandler handler = handler(clock);
        handler.handleRequest(event, new LambdaTestContext("req-1"));
        CognitoUserPoolPreSignUpEvent later = EventJson.copy(event);
        later.setUserName("0a0b0c0d-0000-4000-8000-000000000002");

        clock.advance(Duration.ofHours(23));
        assertThatThrownBy(() -> handler.handleRequest(later, new LambdaTestContext("req-2"))).hasMessage(TAKEN);

        clock.advance(Duration.ofHours(1));
        handler.handleRequest(later, new LambdaTestContext("req-3"));

        EmailReservation guard = tables.items().findReservation(ANN_EMAIL).orElseThrow();
        assertThat(guard.userName()).isEqualTo(later.getUserName());
        assertThat(guard.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(48)));
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-admin-create-user.json", type = CognitoUserPoolPreSignUpEvent.class)
    void adminCreateUser_reservesTheAddressForTheUserName(CognitoUserPoolPreSignUpEvent event) {
        handler(clock).handleRequest(event, new LambdaTestContext("req-1"));

        EmailReservation guard = tables.items().findReservation("bo.martin@example.org").orElseThrow();
        assertThat(guard.userName()).isEqualTo(event.getUserName());
        assertThat(guard.state()).isEqualTo(EmailReservation.State.PENDING);
    }

    @ParameterizedTest
    @Event(value = "events/cognito/pre-sign-up-sign-up.json", type = CognitoUserPoolPreSignUpEvent.class)
    void deniedDomain_isRejectedWithTheReasonAndNothingIsReserved(CognitoUserPoolPreSignUpEvent event) {
        AwsClients clients = AwsClients.create(tables.config(Map.of("EMAIL_DOMAIN_DENYLIST", "example.com")),
                TestDynamoDb.CREDENTIALS);

        assertFailsShowing(() -> new PreSignUpHandler(clients, clock).handleRequest(event, new LambdaTestContext("r")),
                "Sign-up is not open to email addresses at example.com");
        assertThat(tables.itemCount()).isZero();
    }

    private static PreSignUpHandler handler(Clock clock) {
        return new PreSignUpHandler(AwsClients.create(tables.config(), TestDynamoDb.CREDENTIALS), clock);
    }
}
