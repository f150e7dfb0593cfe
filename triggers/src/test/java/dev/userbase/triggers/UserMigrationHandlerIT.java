package dev.userbase.triggers;

import static dev.userbase.triggers.TriggerFailures.assertFailsShowing;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolMigrateUserEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.testing.LambdaTestContext;
import dev.userbase.core.testing.LegacyTables;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.testing.MutableClock;
import dev.userbase.core.testing.TestDynamoDb;

/** The UserMigration handler on real event JSON against the test DynamoDB, through the real SDK. */
class UserMigrationHandlerIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();
    @RegisterExtension
    static final LegacyTables legacy = new LegacyTables(tables);

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));

    @ParameterizedTest
    @Event(value = "events/cognito/user-migration/Authentication.json", type = CognitoUserPoolMigrateUserEvent.class)
    void authentication_withTheLegacyPassword_migratesAndReserves(CognitoUserPoolMigrateUserEvent event) {
        legacy.add("legacy-17", "mia.chen@example.com", "Legacy-Secret-42", "Mia Chen", false);

        CognitoUserPoolMigrateUserEvent result = handler().handleRequest(event, new LambdaTestContext("req-1"));

        assertThat(result.getResponse().getFinalUserStatus()).isEqualTo("CONFIRMED");
        assertThat(result.getResponse().getMessageAction()).isEqualTo("SUPPRESS");
        assertThat(result.getResponse().getUserAttributes()).containsEntry("email", "Mia.Chen@Example.com")
                .containsEntry("email_verified", "true").containsEntry("given_name", "Mia")
                .containsEntry("family_name", "Chen");
        EmailReservation guard = tables.items()
                .findReservation("mia.chen@example.com").orElseThrow();
        assertThat(guard.legacyUserId()).contains("legacy-17");
        assertThat(tables.dynamoDb().getItem(b -> b.tableName(tables.usersTable()).key(guard.key())).item()
                .get("changedBy").s()).isEqualTo("system:user-migration");
    }

    @ParameterizedTest
    @Event(value = "events/cognito/user-migration/Authentication.json", type = CognitoUserPoolMigrateUserEvent.class)
    void authentication_wrongPasswordAndUnknownEmail_failAlike(CognitoUserPoolMigrateUserEvent event) {
        legacy.add("legacy-17", "mia.chen@example.com", "Another-Password-1", "Mia Chen", false);
        CognitoUserPoolMigrateUserEvent unknown = EventJson.copy(event);
        unknown.setUserName("nobody@example.com");

        assertFailsShowing(() -> handler().handleRequest(event, new LambdaTestContext("req-1")),
                "Incorrect username or password.");
        assertFailsShowing(() -> handler().handleRequest(unknown, new LambdaTestContext("req-2")),
                "Incorrect username or password.");
        assertThat(tables.itemCount()).isZero();
    }

    @ParameterizedTest
    @Event(value = "events/cognito/user-migration/ForgotPassword.json", type = CognitoUserPoolMigrateUserEvent.class)
    void forgotPassword_migratesResetRequired(CognitoUserPoolMigrateUserEvent event) {
        legacy.add("legacy-17", "mia.chen@example.com", "Legacy-Secret-42", "Mia Chen", false);

        CognitoUserPoolMigrateUserEvent result = handler().handleRequest(event, new LambdaTestContext("req-1"));

        assertThat(result.getResponse().getFinalUserStatus()).isEqualTo("RESET_REQUIRED");
        assertThat(result.getResponse().getUserAttributes()).containsEntry("email_verified", "true");
    }

    private UserMigrationHandler handler() {
        return new UserMigrationHandler(AwsClients.create(tables.config(), TestDynamoDb.CREDENTIALS),
                legacy.settings(), clock);
    }
}
