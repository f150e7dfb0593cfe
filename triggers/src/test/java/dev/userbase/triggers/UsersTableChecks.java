package dev.userbase.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.testing.LocalTables;

/** What the trigger ITs check in their users table once the triggers have run. */
final class UsersTableChecks {

    private UsersTableChecks() {
    }

    /** Asserts that {@code email} is reserved for good (CONFIRMED, no expiry) by {@code userId}; the reservation. */
    static EmailReservation assertConfirmed(LocalTables tables, String email, String userId) {
        EmailReservation guard = tables.items().findReservation(email)
                .orElseThrow();
        assertThat(guard.state()).isEqualTo(EmailReservation.State.CONFIRMED);
        assertThat(guard.userId()).isEqualTo(userId);
        assertThat(guard.expiresAt()).isNull();
        return guard;
    }
}
