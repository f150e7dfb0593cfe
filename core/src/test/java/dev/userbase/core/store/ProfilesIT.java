package dev.userbase.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.model.VersionCondition;
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
        profiles = new Profiles(tables.users());
        transactions = tables.transactions();
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

    @Test
    void roles_addTwice_changesOnce_removeAbsent_changesNothing_noProfile_isEmpty() {
        createProfile();

        assertThat(profiles.addRole(userId, "admin", T0, CONTEXT)).contains(new Profiles.Roles(Set.of("admin"), true));
        assertThat(profiles.addRole(userId, "admin", T0, CONTEXT)).contains(new Profiles.Roles(Set.of("admin"), false));
        assertThat(profiles.removeRole(userId, "editor", T0, CONTEXT)).contains(new Profiles.Roles(Set.of("admin"), false));
        assertThat(profiles.find(userId).orElseThrow().version()).isEqualTo(2);
        assertThat(profiles.addRole("sub-nobody", "admin", T0, CONTEXT)).isEmpty();
    }

    @Test
    void edit_staleVersion_isStale_ownRetriedWrite_isWritten_missing_isMissing() {
        createProfile();
        long v = profiles.find(userId).orElseThrow().version();
        Map<String, Optional<String>> changes = Map.of(UserProfile.DISPLAY_NAME, Optional.of("Ann"));

        assertThat(profiles.edit(userId, changes, T0, VersionCondition.oneOf(Set.of(v)), CONTEXT))
                .isInstanceOfSatisfying(Versioned.Written.class, w -> assertThat(((UserProfile) w.item()).displayName()).isEqualTo("Ann"));
        // the same request again (the SDK's retry after a lost answer) is that write, not a 412
        assertThat(profiles.edit(userId, changes, T0, VersionCondition.oneOf(Set.of(v)), CONTEXT))
                .isInstanceOf(Versioned.Written.class);
        // another request with the old version is stale, and says the current version
        assertThat(profiles.edit(userId, changes, T0, VersionCondition.oneOf(Set.of(v)), new ChangeContext("sub-x", "corr-2")))
                .isInstanceOfSatisfying(Versioned.Stale.class, st -> assertThat(st.version()).isEqualTo(v + 1));
        assertThat(profiles.edit("sub-nobody", changes, T0, VersionCondition.none(), CONTEXT)).isInstanceOf(Versioned.Missing.class);
    }

    @Test
    void changeStatus_onlyFromTheVersionRead_andDropsTheSearchKeys() {
        createProfile();
        UserProfile read = profiles.find(userId).orElseThrow();

        UserProfile suspended = profiles.changeStatus(read, UserStatus.SUSPENDED, "spam", T0, CONTEXT).orElseThrow();
        assertThat(suspended.status()).isEqualTo(UserStatus.SUSPENDED);
        assertThat(suspended.statusReason()).isEqualTo("spam");
        assertThat(profiles.changeStatus(read, UserStatus.ACTIVE, null, T0, CONTEXT)).isEmpty();
        UserProfile active = profiles.changeStatus(suspended, UserStatus.ACTIVE, null, T0, CONTEXT).orElseThrow();
        assertThat(active.statusReason()).isNull();
    }

    @Test
    void emailChange_commitRecordsTheOldAddressOnTheProfile_finishClearsIt() {
        createProfile();
        UserProfile read = profiles.find(userId).orElseThrow();
        assertThat(read.emailSyncFrom()).isNull();
        transactions.commitOrThrow(List.of(profiles.requestEmailChange(read, "new@example.com", T0, CONTEXT)));
        read = profiles.find(userId).orElseThrow();

        transactions.commitOrThrow(List.of(profiles.commitEmailChange(read, "new@example.com", userId + "@example.com",
                T0.plusSeconds(1), CONTEXT)));

        UserProfile committed = profiles.find(userId).orElseThrow();
        assertThat(committed.email()).isEqualTo("new@example.com");
        assertThat(committed.emailSyncFrom()).isEqualTo(userId + "@example.com");
        assertThat(profiles.findWithPreferences(userId).orElseThrow().profile()).isEqualTo(committed);

        transactions.commitOrThrow(List.of(profiles.finishEmailChange(userId, userId + "@example.com", "new@example.com",
                CONTEXT)));

        assertThat(profiles.find(userId).orElseThrow().emailSyncFrom()).isNull();
    }

    @Test
    void findWithPreferences_isTheProfileAndItsPreferences_ifAny() {
        assertThat(profiles.findWithPreferences(userId)).isEmpty();
        createProfile();

        assertThat(profiles.findWithPreferences(userId)).hasValueSatisfying(details -> {
            assertThat(details.profile()).isEqualTo(profiles.find(userId).orElseThrow());
            assertThat(details.preferences()).isEmpty();
        });

        Preferences preferences = new Preferences(tables.users());
        preferences.save(userId, "{\"theme\":\"dark\"}", T0, VersionCondition.none(), CONTEXT);

        assertThat(profiles.findWithPreferences(userId)).hasValueSatisfying(details -> {
            assertThat(details.profile().userId()).isEqualTo(userId);
            assertThat(details.preferences()).isEqualTo(preferences.find(userId));
            assertThat(details.preferences().orElseThrow().json()).isEqualTo("{\"theme\":\"dark\"}");
        });
    }
}
