package dev.userbase.core.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.testing.StoredItems;
import dev.userbase.core.signup.SignUpMetrics;
import dev.userbase.core.testing.LegacyTables;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.testing.MutableClock;

/** Lazy migration from a legacy users table, against the test DynamoDB through the real SDK. */
class UserMigrationServiceIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();
    @RegisterExtension
    static final LegacyTables legacy = new LegacyTables(tables);

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final ChangeContext CONTEXT = ChangeContext.system("user-migration", "req-1");
    private static final String PASSWORD = "Legacy-Secret-42";

    private final MutableClock clock = MutableClock.at(T0);
    private final List<String> metrics = new CopyOnWriteArrayList<>();

    @Test
    void migrateOnSignIn_withTheLegacyPassword_returnsConfirmedAttributesAndReservesTheAddress() {
        legacy.add("legacy-17", "mia.chen@example.com", PASSWORD, "Mia Chen", false);

        MigratedUser user = service().migrateOnSignIn("Mia.Chen@Example.com", PASSWORD, CONTEXT);

        assertThat(user.finalUserStatus()).isEqualTo("CONFIRMED");
        assertThat(user.userAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "email", "Mia.Chen@Example.com", "email_verified", "true",
                "given_name", "Mia", "family_name", "Chen"));
        assertThat(user.legacyUserId()).isEqualTo("legacy-17");
        EmailReservation guard = repository().findReservation("mia.chen@example.com").orElseThrow();
        assertThat(guard.state()).isEqualTo(EmailReservation.State.PENDING);
        assertThat(guard.purpose()).isEqualTo(EmailReservation.Purpose.MIGRATION);
        assertThat(guard.legacyUserId()).contains("legacy-17");
        assertThat(guard.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
        assertThat(metrics).containsExactly(SignUpMetrics.LEGACY_USER_MIGRATED);
        assertThat(tables.itemCount()).isEqualTo(1);
    }

    @Test
    void wrongPasswordUnknownEmailDisabledRowAndBadUserName_allFailWithTheWrongPasswordMessageAndWriteNothing() {
        legacy.add("legacy-17", "mia.chen@example.com", PASSWORD, "Mia Chen", false);
        legacy.add("legacy-18", "old@example.com", PASSWORD, "Old Account", true);
        legacy.add("legacy-19", "nohash@example.com", null, "No Hash", false);

        assertRefused(() -> service().migrateOnSignIn("mia.chen@example.com", "Legacy-Secret-43", CONTEXT));
        assertRefused(() -> service().migrateOnSignIn("nobody@example.com", PASSWORD, CONTEXT));
        assertRefused(() -> service().migrateOnSignIn("old@example.com", PASSWORD, CONTEXT));
        assertRefused(() -> service().migrateOnSignIn("nohash@example.com", PASSWORD, CONTEXT));
        assertRefused(() -> service().migrateOnSignIn("not an email", PASSWORD, CONTEXT));
        assertRefused(() -> service().migrateOnSignIn("mia.chen@example.com", null, CONTEXT));
        assertRefused(() -> service().migrateForPasswordReset("old@example.com", CONTEXT));
        assertRefused(() -> service().migrateForPasswordReset("nobody@example.com", CONTEXT));

        assertThat(tables.itemCount()).isZero();
        assertThat(metrics).isEmpty();
    }

    @Test
    void migrate_whenANativeUserOwnsTheAddress_isRefusedAndLeavesTheirGuard() {
        legacy.add("legacy-17", "mia.chen@example.com", PASSWORD, "Mia Chen", false);
        EmailReservation owner = new EmailReservation("mia.chen@example.com", EmailReservation.State.CONFIRMED,
                EmailReservation.Purpose.SIGN_UP, "native-user", "sub-native", T0, null, T0);
        put(owner);

        assertRefused(() -> service().migrateOnSignIn("mia.chen@example.com", PASSWORD, CONTEXT));
        assertRefused(() -> service().migrateForPasswordReset("mia.chen@example.com", CONTEXT));

        assertThat(repository().findReservation("mia.chen@example.com")).contains(owner);
        assertThat(metrics).containsExactly(SignUpMetrics.LEGACY_EMAIL_HELD_BY_ANOTHER_USER,
                SignUpMetrics.LEGACY_EMAIL_HELD_BY_ANOTHER_USER);
    }

    @Test
    void migrate_whenANativeSignUpHoldsALivePendingReservation_isRefused_andAfterItsTtlSucceeds() {
        legacy.add("legacy-17", "mia.chen@example.com", PASSWORD, "Mia Chen", false);
        put(new EmailReservation("mia.chen@example.com", EmailReservation.State.PENDING,
                EmailReservation.Purpose.SIGN_UP, "native-sign-up", null, T0, T0.plus(Duration.ofHours(1)), null));

        assertRefused(() -> service().migrateOnSignIn("mia.chen@example.com", PASSWORD, CONTEXT));

        clock.advance(Duration.ofHours(2));
        assertThat(service().migrateOnSignIn("mia.chen@example.com", PASSWORD, CONTEXT).legacyUserId())
                .isEqualTo("legacy-17");
        assertThat(repository().findReservation("mia.chen@example.com").orElseThrow().legacyUserId())
                .contains("legacy-17");
    }

    @Test
    void migrate_retriedByCognito_succeedsAgainForTheSameLegacyUser() {
        legacy.add("legacy-17", "mia.chen@example.com", PASSWORD, "Mia Chen", false);

        service().migrateOnSignIn("mia.chen@example.com", PASSWORD, CONTEXT);
        clock.advance(Duration.ofSeconds(3));
        MigratedUser again = service().migrateOnSignIn("mia.chen@example.com", PASSWORD, CONTEXT);

        assertThat(again.finalUserStatus()).isEqualTo("CONFIRMED");
        assertThat(repository().findReservation("mia.chen@example.com").orElseThrow().expiresAt())
                .isEqualTo(T0.plus(Duration.ofHours(24)).plusSeconds(3));
    }

    @Test
    void migrateForPasswordReset_needsNoPasswordAndLeavesTheUserResetRequired() {
        legacy.add("legacy-17", "Mia.Chen@Example.com", PASSWORD, "Mia", false);

        // a GSI matches exactly: an address stored mixed-case is found as stored (or lower-cased, above)
        MigratedUser user = service().migrateForPasswordReset("Mia.Chen@Example.com", CONTEXT);

        assertThat(user.finalUserStatus()).isEqualTo("RESET_REQUIRED");
        assertThat(user.userAttributes()).containsEntry("email_verified", "true").containsEntry("given_name", "Mia")
                .doesNotContainKey("family_name");
        assertThat(repository().findReservation("mia.chen@example.com").orElseThrow().purpose())
                .isEqualTo(EmailReservation.Purpose.MIGRATION);
    }

    @Test
    void migrate_whenTwoLegacyRowsShareTheAddress_migratesNeither() {
        legacy.add("legacy-17", "mia.chen@example.com", PASSWORD, "Mia Chen", false);
        legacy.add("legacy-99", "mia.chen@example.com", "other", "Mia Duplicate", false);

        assertRefused(() -> service().migrateOnSignIn("mia.chen@example.com", PASSWORD, CONTEXT));

        assertThat(metrics).containsExactly(SignUpMetrics.LEGACY_EMAIL_AMBIGUOUS);
        assertThat(tables.itemCount()).isZero();
    }

    @Test
    void migrate_withoutALegacyTableConfigured_migratesNobody() {
        UserMigrationService unconfigured = new UserMigrationService(tables.dynamoDb(), tables.usersTable(),
                MigrationSettings.fromEnvironment(Map.of()), Duration.ofHours(24), clock, metrics::add);

        assertRefused(() -> unconfigured.migrateOnSignIn("mia.chen@example.com", PASSWORD, CONTEXT));
    }

    private UserMigrationService service() {
        return new UserMigrationService(tables.dynamoDb(), tables.usersTable(), legacy.settings(),
                Duration.ofHours(24), clock, metrics::add);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(UserServiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED))
                .hasMessage(UserMigrationService.REFUSAL);
    }

    private static void put(EmailReservation reservation) {
        tables.users().put(reservation.toItem());
    }

    private static StoredItems repository() {
        return tables.items();
    }
}
