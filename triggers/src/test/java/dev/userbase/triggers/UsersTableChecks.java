package dev.userbase.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.core.testing.StoredItems;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** What the trigger ITs check in their users table once the triggers have run. */
final class UsersTableChecks {

    private UsersTableChecks() {
    }

    /** Every item in the table, read consistently. */
    static int itemCount(LocalTables tables) {
        return tables.dynamoDb().scan(ScanRequest.builder().tableName(tables.usersTable()).consistentRead(true).build())
                .count();
    }

    /** Asserts that {@code email} is reserved for good (CONFIRMED, no expiry) by {@code userId}; the reservation. */
    static EmailReservation assertConfirmed(LocalTables tables, String email, String userId) {
        EmailReservation guard = new StoredItems(tables.dynamoDb(), tables.usersTable()).findReservation(email)
                .orElseThrow();
        assertThat(guard.state()).isEqualTo(EmailReservation.State.CONFIRMED);
        assertThat(guard.userId()).isEqualTo(userId);
        assertThat(guard.expiresAt()).isNull();
        return guard;
    }
}
