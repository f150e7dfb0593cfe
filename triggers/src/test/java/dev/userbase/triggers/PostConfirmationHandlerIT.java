package dev.userbase.triggers;

import static dev.userbase.triggers.FixtureUsers.ANN_EMAIL;
import static dev.userbase.triggers.FixtureUsers.ANN_SUB;
import static dev.userbase.triggers.TriggerFailures.assertFailsShowing;
import static dev.userbase.triggers.UsersTableChecks.assertConfirmed;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreSignUpEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.testing.TestDynamoDb;
import dev.userbase.testing.LambdaTestContext;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.testing.MutableClock;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** The PostConfirmation handler on real event JSON against DynamoDB Local, through the real SDK. */
class PostConfirmationHandlerIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final MutableClock clock = MutableClock.at(T0);

    @ParameterizedTest
    @Event(value = "events/cognito/post-confirmation-confirm-sign-up.json", type = CognitoUserPoolPostConfirmationEvent.class)
    void threeConcurrentConfirmationsOfOneUser_allSucceedAndLeaveExactlyOneProfile(
            CognitoUserPoolPostConfirmationEvent event) throws Exception {
        signUp();
        List<PostConfirmationHandler> handlers = List.of(handler(), handler(), handler());
        ExecutorService pool = Executors.newFixedThreadPool(handlers.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CognitoUserPoolPostConfirmationEvent>> results = new ArrayList<>();
        for (PostConfirmationHandler handler : handlers) {
            CognitoUserPoolPostConfirmationEvent mine = EventJson.copy(event);
            results.add(pool.submit(() -> {
                start.await();
                return handler.handleRequest(mine, new LambdaTestContext("req-" + System.identityHashCode(mine)));
            }));
        }
        start.countDown();
        for (Future<CognitoUserPoolPostConfirmationEvent> result : results) {
            assertThat(result.get(60, TimeUnit.SECONDS).getUserName()).isEqualTo(ANN_SUB);
        }
        pool.shutdown();

        assertThat(items(UserProfile.key(ANN_SUB).get("pk").s())).isEqualTo(1);
        UserProfile profile = tables.items().findProfile(ANN_SUB).orElseThrow();
        assertThat(profile.email()).isEqualTo(ANN_EMAIL);
        assertThat(profile.displayName()).isEqualTo("Ann Lee");
        assertConfirmed(tables, ANN_EMAIL, ANN_SUB);
        assertThat(tables.itemCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @Event(value = "events/cognito/post-confirmation-confirm-forgot-password.json", type = CognitoUserPoolPostConfirmationEvent.class)
    void confirmForgotPassword_withoutProfile_createsNothing(CognitoUserPoolPostConfirmationEvent event) {
        handler().handleRequest(event, new LambdaTestContext("req-1"));

        assertThat(tables.itemCount()).isZero();
    }

    @ParameterizedTest
    @Event(value = "events/cognito/post-confirmation-confirm-forgot-password.json", type = CognitoUserPoolPostConfirmationEvent.class)
    void confirmForgotPassword_recordsWhenThePasswordChanged(CognitoUserPoolPostConfirmationEvent event) {
        tables.users().put(UserProfile.builder().userId(ANN_SUB).email(ANN_EMAIL).createdAt(T0).build().toItem());
        clock.advance(Duration.ofDays(3));

        handler().handleRequest(event, new LambdaTestContext("req-1"));

        assertThat(tables.items().findProfile(ANN_SUB).orElseThrow().passwordChangedAt()).isEqualTo(T0.plus(Duration.ofDays(3)));
        assertThat(tables.itemCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @Event(value = "events/cognito/post-confirmation-confirm-sign-up.json", type = CognitoUserPoolPostConfirmationEvent.class)
    void confirmSignUp_withoutReservation_createsProfileAndConfirmedGuard(CognitoUserPoolPostConfirmationEvent event) {
        handler().handleRequest(event, new LambdaTestContext("req-1"));

        assertThat(tables.items().findProfile(ANN_SUB)).isPresent();
        assertConfirmed(tables, ANN_EMAIL, ANN_SUB);
    }

    @ParameterizedTest
    @Event(value = "events/cognito/post-confirmation-confirm-sign-up.json", type = CognitoUserPoolPostConfirmationEvent.class)
    void confirmSignUp_whenAnotherUserHoldsTheAddress_failsAndOverwritesNothing(CognitoUserPoolPostConfirmationEvent event) {
        EmailReservation other = new EmailReservation(ANN_EMAIL, EmailReservation.State.CONFIRMED,
                EmailReservation.Purpose.SIGN_UP, "someone", "sub-someone", T0, null, T0);
        tables.users().put(other.toItem());

        assertFailsShowing(() -> handler().handleRequest(event, new LambdaTestContext("req-1")),
                "An account with this email already exists");
        assertThat(tables.items().findReservation(ANN_EMAIL)).contains(other);
        assertThat(tables.items().findProfile(ANN_SUB)).isEmpty();
    }

    private void signUp() {
        CognitoUserPoolPreSignUpEvent signUp = EventLoader.loadEvent("events/cognito/pre-sign-up-sign-up.json",
                CognitoUserPoolPreSignUpEvent.class);
        new PreSignUpHandler(clients(), clock).handleRequest(signUp, new LambdaTestContext("req-sign-up"));
    }

    private PostConfirmationHandler handler() {
        return new PostConfirmationHandler(clients(), clock);
    }

    private static AwsClients clients() {
        return AwsClients.create(tables.config(), TestDynamoDb.CREDENTIALS);
    }

    private static long items(String pk) {
        return tables.dynamoDb().scan(ScanRequest.builder().tableName(tables.usersTable()).consistentRead(true).build())
                .items().stream().filter(item -> item.get("pk").s().equals(pk)).count();
    }

}
