package dev.userbase.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.storage.Table;
import dev.userbase.core.storage.TransactionRunner;
import dev.userbase.core.testing.LocalTables;

/** The profile store's writes as the engine applies them. */
class ProfilesIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final ChangeContext CONTEXT = new ChangeContext("sub-x", "corr-1");

    private Profiles profiles;
    private TransactionRunner transactions;
    private String userId;

    @BeforeEach
    void setUp() {
        profiles = new Profiles(new Table(tables.dynamoDb(), tables.usersTable()));
        transactions = new TransactionRunner(tables.dynamoDb());
        userId = "sub-" + System.nanoTime();
    }

    private void createProfile() {
        UserProfile profile = UserProfile.builder().userId(userId).email(userId + "@example.com")
                .createdAt(T0).updatedAt(T0).build();
        transactions.commitOrThrow(List.of(profiles.create(profile, CONTEXT)));
    }

    @Test
    void create_isRefusedWhenTheProfileExists() {
        createProfile();
        UserProfile again = UserProfile.builder().userId(userId).email("other@example.com").createdAt(T0).updatedAt(T0).build();

        assertThat(transactions.commit(List.of(profiles.create(again, CONTEXT))))
                .hasValueSatisfying(c -> assertThat(c.conditionFailedAt(0)).isTrue());
        assertThat(profiles.find(userId).map(UserProfile::email)).contains(userId + "@example.com");
    }

    @Test
    void recordSignIn_oncePerInterval_countsAndKeepsTheVersion() {
        createProfile();
        long version = profiles.find(userId).orElseThrow().version();

        assertThat(profiles.recordSignIn(userId, T0.plusSeconds(10), T0.plusSeconds(10).minusSeconds(900), CONTEXT)).isTrue();
        assertThat(profiles.recordSignIn(userId, T0.plusSeconds(20), T0.plusSeconds(20).minusSeconds(900), CONTEXT)).isFalse();
        assertThat(profiles.recordSignIn(userId, T0.plusSeconds(910), T0.plusSeconds(910).minusSeconds(900), CONTEXT)).isTrue();

        UserProfile stored = profiles.find(userId).orElseThrow();
        assertThat(stored.lastSignInAt()).isEqualTo(T0.plusSeconds(910));
        assertThat(stored.signInCount()).isEqualTo(2);
        assertThat(stored.version()).isEqualTo(version);
    }

    @Test
    void recordSignIn_andPasswordChange_withoutAProfile_writeNothing() {
        assertThat(profiles.recordSignIn(userId, T0, T0.minusSeconds(900), CONTEXT)).isFalse();
        assertThat(profiles.recordPasswordChange(userId, T0, CONTEXT)).isFalse();

        assertThat(profiles.find(userId)).isEmpty();
    }

    @Test
    void recordPasswordChange_setsTheTime() {
        createProfile();

        assertThat(profiles.recordPasswordChange(userId, T0.plusSeconds(5), CONTEXT)).isTrue();
        assertThat(profiles.find(userId).orElseThrow().passwordChangedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void existsCheck_holdsOnlyForAProfile() {
        assertThat(transactions.commit(List.of(profiles.existsCheck(userId)))).isPresent();
        createProfile();
        assertThat(transactions.commit(List.of(profiles.existsCheck(userId)))).isEmpty();
    }
}
