package dev.userbase.triggers;

import static dev.userbase.triggers.FixtureUsers.MIA_SUB;
import static dev.userbase.triggers.UsersTableChecks.assertConfirmed;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolMigrateUserEvent;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostAuthenticationEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.migration.UserMigrationService;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.signup.NewUser;
import dev.userbase.core.signup.ProfileProvisioner;
import dev.userbase.core.signup.SignInRecorder;
import dev.userbase.core.signup.SignInSettings;
import dev.userbase.core.signup.SignUpMetrics;
import dev.userbase.testing.LambdaTestContext;
import dev.userbase.core.testing.LegacyTables;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.testing.MutableClock;
import dev.userbase.core.testing.EngineFaults;
import dev.userbase.core.testing.TestDynamoDb;
import dev.userbase.dynamodb.fault.FaultKind;

/**
 * PostAuthentication on real event JSON against the embedded engine: a migrated legacy user's
 * first sign-in gets their profile, and every sign-in is recorded at most once per interval.
 */
class PostAuthenticationHandlerIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();
    @RegisterExtension
    static final LegacyTables legacy = new LegacyTables(tables);
    @RegisterExtension
    final EngineFaults engine = new EngineFaults();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final MutableClock clock = MutableClock.at(T0);
    private final List<String> metrics = new CopyOnWriteArrayList<>();

    @ParameterizedTest
    @Event(value = "events/cognito/post-authentication/Authentication.json", type = CognitoUserPoolPostAuthenticationEvent.class)
    void migratedUsersFirstSignIn_provisionsTheProfileWithTheLegacyIdAndConfirmsTheReservation(
            CognitoUserPoolPostAuthenticationEvent event) {
        legacy.add("legacy-17", "mia.chen@example.com", "Legacy-Secret-42", "Mia Chen", false);
        migrate();

        handler().handleRequest(event, new LambdaTestContext("req-1"));
        // Cognito retries a trigger that did not answer in time: the retry changes nothing
        clock.advance(Duration.ofSeconds(4));
        handler().handleRequest(EventJson.copy(event), new LambdaTestContext("req-1"));

        UserProfile profile = tables.items().findProfile(MIA_SUB).orElseThrow();
        assertThat(profile.legacyUserId()).isEqualTo("legacy-17");
        assertThat(profile.email()).isEqualTo("mia.chen@example.com");
        assertThat(profile.displayName()).isEqualTo("Mia Chen");
        assertThat(profile.lastSignInAt()).isEqualTo(T0);
        assertThat(profile.signInCount()).isEqualTo(1);
        assertThat(profile.version()).isEqualTo(1);
        assertConfirmed(tables, "mia.chen@example.com", MIA_SUB);
        assertThat(tables.itemCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @Event(value = "events/cognito/post-authentication/Authentication.json", type = CognitoUserPoolPostAuthenticationEvent.class)
    void signIns_areWrittenAtMostOncePerInterval(CognitoUserPoolPostAuthenticationEvent event) {
        putProfile(UserProfile.builder().userId(MIA_SUB).email("mia.chen@example.com").createdAt(T0).build());

        SignInRecorder recorder = recorder();
        assertThat(recorder.signedIn(user(), change("a"))).isEqualTo(SignInRecorder.Outcome.RECORDED);
        clock.advance(Duration.ofMinutes(14));
        assertThat(recorder.signedIn(user(), change("b"))).isEqualTo(SignInRecorder.Outcome.WITHIN_INTERVAL);
        assertThat(tables.items().findProfile(MIA_SUB).orElseThrow().lastSignInAt()).isEqualTo(T0);
        clock.advance(Duration.ofMinutes(1));
        handler().handleRequest(event, new LambdaTestContext("c"));

        UserProfile profile = tables.items().findProfile(MIA_SUB).orElseThrow();
        assertThat(profile.lastSignInAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(profile.signInCount()).isEqualTo(2);
        assertThat(profile.version()).isEqualTo(1);
        assertThat(profile.updatedAt()).isEqualTo(T0);
    }

    @ParameterizedTest
    @Event(value = "events/cognito/post-authentication/Authentication.json", type = CognitoUserPoolPostAuthenticationEvent.class)
    void nativeUserWithoutAProfile_getsNothingWrittenHere(CognitoUserPoolPostAuthenticationEvent event) {
        assertThat(recorder().signedIn(user(), change("a"))).isEqualTo(SignInRecorder.Outcome.NO_PROFILE);
        handler().handleRequest(event, new LambdaTestContext("req-1"));

        assertThat(tables.itemCount()).isZero();
    }

    @ParameterizedTest
    @Event(value = "events/cognito/post-authentication/Authentication.json", type = CognitoUserPoolPostAuthenticationEvent.class)
    void aFailingWrite_neverFailsTheSignIn_andIsCounted(CognitoUserPoolPostAuthenticationEvent event) {
        putProfile(UserProfile.builder().userId(MIA_SUB).email("mia.chen@example.com").createdAt(T0).build());
        engine.faults().failNext("UpdateItem", 10, FaultKind.INTERNAL_SERVER_ERROR);

        assertThat(recorder().signedIn(user(), change("a"))).isEqualTo(SignInRecorder.Outcome.NOT_RECORDED);
        engine.faults().failNext("UpdateItem", 10, FaultKind.INTERNAL_SERVER_ERROR);
        assertThat(handler().handleRequest(event, new LambdaTestContext("req-1"))).isSameAs(event);

        assertThat(metrics).containsExactly(SignUpMetrics.SIGN_IN_NOT_RECORDED);
        assertThat(tables.items().findProfile(MIA_SUB).orElseThrow().lastSignInAt()).isNull();
    }

    private void migrate() {
        CognitoUserPoolMigrateUserEvent migration = EventJson.load("events/cognito/user-migration/Authentication.json",
                CognitoUserPoolMigrateUserEvent.class);
        new UserMigrationHandler(new UserMigrationService(tables.dynamoDb(), tables.usersTable(), legacy.settings(),
                Duration.ofHours(24), clock, SignUpMetrics.none()))
                .handleRequest(migration, new LambdaTestContext("req-migrate"));
    }

    private PostAuthenticationHandler handler() {
        return new PostAuthenticationHandler(AwsClients.create(tables.config(), TestDynamoDb.CREDENTIALS),
                new SignInSettings(Duration.ofMinutes(15)), clock);
    }

    private SignInRecorder recorder() {
        return new SignInRecorder(new ProfileProvisioner(tables.dynamoDb(), tables.usersTable(), clock, metrics::add),
                tables.dynamoDb(), tables.usersTable(), new SignInSettings(Duration.ofMinutes(15)), clock, metrics::add);
    }

    private static NewUser user() {
        return new NewUser(MIA_SUB, MIA_SUB, "Mia.Chen@Example.com", "Mia", "Chen");
    }

    private static ChangeContext change(String requestId) {
        return ChangeContext.system("post-authentication", requestId);
    }

    private static void putProfile(UserProfile profile) {
        tables.users().put(profile.toItem());
    }
}
