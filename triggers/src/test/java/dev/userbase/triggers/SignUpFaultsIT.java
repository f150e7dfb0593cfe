package dev.userbase.triggers;

import static dev.userbase.triggers.FixtureUsers.ANN_EMAIL;
import static dev.userbase.triggers.FixtureUsers.ANN_SUB;
import static dev.userbase.triggers.UsersTableChecks.assertConfirmed;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreSignUpEvent;

import dev.userbase.core.model.UserProfile;
import dev.userbase.core.testing.StoredItems;
import dev.userbase.core.signup.PasswordChangeRecorder;
import dev.userbase.core.signup.PreSignUpService;
import dev.userbase.core.signup.ProfileProvisioner;
import dev.userbase.core.signup.SignUpMetrics;
import dev.userbase.core.testing.EngineFaults;
import dev.userbase.core.testing.FaultCase;
import dev.userbase.testing.LambdaTestContext;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.testing.MutableClock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Sign-up (PreSignUp, then PostConfirmation, on real Cognito event JSON) while the engine fails the
 * operations the triggers use: PutItem (the PENDING reservation) and TransactWriteItems (profile and
 * CONFIRMED reservation together). Cognito shows a failed trigger's error and the sign-up is tried
 * again (modelled as re-invoking with the same event until it succeeds, at most ten times): the end
 * state is exactly one profile and one CONFIRMED reservation, a failure never shows internals, the
 * trigger's response is the event unchanged, and another user asking for the same address is refused
 * both while the address is PENDING and once it is CONFIRMED.
 */
class SignUpFaultsIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String TAKEN = "An account with this email already exists";
    private static final int COGNITO_TRIES = 10;

    @RegisterExtension
    final EngineFaults engine = new EngineFaults();

    private final MutableClock clock = MutableClock.at(T0);

    static List<FaultCase> faultCases() {
        return FaultCase.matrix("PutItem", "TransactWriteItems");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faultCases")
    void signUpUnderFault_endsWithOneProfileAndOneConfirmedReservation_andTheAddressStaysTaken(FaultCase fault) {
        CognitoUserPoolPreSignUpEvent signUp = EventJson.load("events/cognito/pre-sign-up-sign-up.json",
                CognitoUserPoolPreSignUpEvent.class);
        CognitoUserPoolPostConfirmationEvent confirmation = EventJson.load(
                "events/cognito/post-confirmation-confirm-sign-up.json", CognitoUserPoolPostConfirmationEvent.class);
        CognitoUserPoolPreSignUpEvent rival = EventJson.copy(signUp);
        rival.setUserName("0a0b0c0d-0000-4000-8000-000000000001");
        rival.getRequest().getUserAttributes().put("email", "ANN.LEE+NEWS@example.com");
        DynamoDbClient dynamoDb = engine.client();
        PreSignUpHandler preSignUp = new PreSignUpHandler(new PreSignUpService(dynamoDb, tables.config(), clock,
                () -> {
                    throw new AssertionError("no Cognito call expected");
                }, SignUpMetrics.none()));
        PostConfirmationHandler postConfirmation = new PostConfirmationHandler(
                new ProfileProvisioner(dynamoDb, tables.usersTable(), clock, SignUpMetrics.none()),
                new PasswordChangeRecorder(dynamoDb, tables.usersTable(), clock));

        engine.arm(fault);
        Attempts<CognitoUserPoolPreSignUpEvent> signedUp = invokeAsCognito(
                () -> preSignUp.handleRequest(EventJson.copy(signUp), new LambdaTestContext("pre-sign-up")));
        Attempts<CognitoUserPoolPreSignUpEvent> rivalWhilePending = invokeAsCognito(
                () -> preSignUp.handleRequest(EventJson.copy(rival), new LambdaTestContext("rival-1")));
        Attempts<CognitoUserPoolPostConfirmationEvent> confirmed = invokeAsCognito(
                () -> postConfirmation.handleRequest(EventJson.copy(confirmation), new LambdaTestContext("post-confirmation")));
        Attempts<CognitoUserPoolPreSignUpEvent> rivalWhenConfirmed = invokeAsCognito(
                () -> preSignUp.handleRequest(EventJson.copy(rival), new LambdaTestContext("rival-2")));
        long injected = engine.disarm();

        assertThat(injected).as("faults injected").isEqualTo(fault.count());
        assertThat(signedUp.result()).as("PreSignUp's answer").isNotNull();
        assertThat(EventJson.differences(EventJson.toJson(signUp), EventJson.toJson(signedUp.result())))
                .as("PreSignUp answers the event unchanged (no auto-confirm for a native sign-up)").isEmpty();
        assertThat(confirmed.result()).as("PostConfirmation's answer").isNotNull();
        assertThat(EventJson.differences(EventJson.toJson(confirmation), EventJson.toJson(confirmed.result()))).isEmpty();
        assertThat(rivalWhilePending.refusal()).as("rival while PENDING").isEqualTo(TAKEN);
        assertThat(rivalWhenConfirmed.refusal()).as("rival once CONFIRMED").isEqualTo(TAKEN);
        for (Attempts<?> invocations : List.of(signedUp, rivalWhilePending, confirmed, rivalWhenConfirmed)) {
            assertThat(invocations.failures()).as("what Cognito showed for failed invocations")
                    .allSatisfy(message -> assertThat(message).isIn(TriggerErrors.UNEXPECTED,
                            "Your profile could not be created because of concurrent changes; please try again"));
        }
        int failedInvocations = signedUp.failures().size() + rivalWhilePending.failures().size()
                + confirmed.failures().size() + rivalWhenConfirmed.failures().size();
        if (fault.surfaces() && !(fault.operation().equals("TransactWriteItems") && !fault.sdkRetries()
                && fault.count() < 6)) {
            // (a TransactionConflict the provisioner retries itself does not reach Cognito)
            assertThat(failedInvocations).as("invocations that failed and were retried").isPositive();
        } else {
            assertThat(failedInvocations).as("the SDK or the service absorbed the fault").isZero();
        }

        StoredItems repository = tables.items();
        UserProfile profile = repository.findProfile(ANN_SUB).orElseThrow();
        assertThat(profile.email()).isEqualTo(ANN_EMAIL);
        assertThat(profile.version()).isEqualTo(1);
        assertThat(assertConfirmed(tables, ANN_EMAIL, ANN_SUB).userName()).isEqualTo(ANN_SUB);
        assertThat(tables.itemCount()).as("items: the profile and the reservation, nothing else").isEqualTo(2);
    }

    /** What Cognito saw: the messages of failed invocations, then a result or a refusal. */
    private record Attempts<T>(List<String> failures, T result, String refusal) {
    }

    /**
     * Invokes a trigger as a sign-up retried after errors would: a refusal (the address is taken)
     * ends it, an error is retried.
     */
    private static <T> Attempts<T> invokeAsCognito(Supplier<T> trigger) {
        List<String> failures = new java.util.ArrayList<>();
        for (int i = 0; i < COGNITO_TRIES; i++) {
            try {
                return new Attempts<>(failures, trigger.get(), null);
            } catch (TriggerFailure e) {
                if (e.getMessage().equals(TAKEN)) {
                    return new Attempts<>(failures, null, e.getMessage());
                }
                failures.add(e.getMessage());
            }
        }
        throw new AssertionError("the trigger still failed after " + COGNITO_TRIES + " invocations: " + failures);
    }
}
