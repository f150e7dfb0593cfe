package dev.userbase.core.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.error.ForbiddenException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.testing.StoredItems;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.testing.MutableClock;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** Password-change recording and token claims against DynamoDB Local. */
class SignUpServicesIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final MutableClock clock = MutableClock.at(T0);
    private final List<String> metrics = new CopyOnWriteArrayList<>();

    @Test
    void recordPasswordChange_setsTheTimeAndStampOnlyAndKeepsTheVersion() {
        UserProfile profile = UserProfile.builder().userId("sub-ann").email("ann@example.com").version(4)
                .createdAt(T0.minusSeconds(3600)).build();
        put(profile);
        clock.advance(java.time.Duration.ofMinutes(2));

        boolean recorded = recorder().recordPasswordChange("sub-ann", ChangeContext.system("post-confirmation", "req-9"));

        assertThat(recorded).isTrue();
        UserProfile after = repository().findProfile("sub-ann").orElseThrow();
        assertThat(after).isEqualTo(profile.toBuilder().updatedAt(profile.createdAt())
                .passwordChangedAt(T0.plusSeconds(120)).build());
        assertThat(tables.dynamoDb().getItem(GetItemRequest.builder().tableName(tables.usersTable())
                .key(UserProfile.key("sub-ann")).build()).item().get(ChangeContext.CORRELATION_ID).s()).isEqualTo("req-9");
    }

    @Test
    void recordPasswordChange_withoutAProfile_createsNothing() {
        boolean recorded = recorder().recordPasswordChange("sub-nobody", ChangeContext.system("post-confirmation", "r"));

        assertThat(recorded).isFalse();
        assertThat(tables.dynamoDb().scan(ScanRequest.builder().tableName(tables.usersTable()).build()).count()).isZero();
    }

    @Test
    void claimsFor_activeUser_areRolesAndStatus() {
        put(UserProfile.builder().userId("sub-ann").roles(Set.of("moderator", "editor")).createdAt(T0).build());

        TokenClaims claims = claims().claimsFor("sub-ann");

        assertThat(claims.asClaims()).isEqualTo(Map.of("roles", "editor,moderator", "status", "ACTIVE"));
        assertThat(claims.profileFound()).isTrue();
        assertThat(metrics).isEmpty();
    }

    @Test
    void claimsFor_suspendedOrDeletedUser_isRefused() {
        put(UserProfile.builder().userId("sub-s").status(UserStatus.SUSPENDED).createdAt(T0).build());
        put(UserProfile.builder().userId("sub-d").status(UserStatus.DELETED).createdAt(T0).build());

        assertThatThrownBy(() -> claims().claimsFor("sub-s"))
                .isInstanceOf(ForbiddenException.class).hasMessage("This account is suspended");
        assertThatThrownBy(() -> claims().claimsFor("sub-d"))
                .isInstanceOf(ForbiddenException.class).hasMessage("This account has been deleted");
    }

    @Test
    void claimsFor_userWithoutProfile_getsTheDefaultsOfANewProfileAndIsCounted() {
        TokenClaims claims = claims().claimsFor("sub-new");

        assertThat(claims.asClaims()).isEqualTo(Map.of("status", "ACTIVE"));
        assertThat(claims.profileFound()).isFalse();
        assertThat(metrics).containsExactly(SignUpMetrics.PROFILE_MISSING_AT_TOKEN_GENERATION);
    }

    private PasswordChangeRecorder recorder() {
        return new PasswordChangeRecorder(tables.dynamoDb(), tables.usersTable(), clock);
    }

    private TokenClaimsService claims() {
        return new TokenClaimsService(tables.dynamoDb(), tables.usersTable(), metrics::add);
    }

    private StoredItems repository() {
        return tables.items();
    }

    private void put(UserProfile profile) {
        tables.users().put(profile.toItem());
    }
}
