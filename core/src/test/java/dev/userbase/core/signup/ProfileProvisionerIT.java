package dev.userbase.core.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.email.InvalidEmailException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.UserProfile;
import dev.userbase.core.model.UserStatus;
import dev.userbase.core.testing.StoredItems;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.testing.MutableClock;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The profile provisioner against DynamoDB Local, through the real SDK. */
class ProfileProvisionerIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final ChangeContext CONTEXT = ChangeContext.system("post-confirmation", "req-1");
    private static final NewUser ANN = new NewUser("ann-user", "sub-ann", "Ann@Example.com", "Ann", "Lee");

    private final MutableClock clock = MutableClock.at(T0);
    private final List<String> metrics = new CopyOnWriteArrayList<>();
    private ProfileProvisioner provisioner;
    private StoredItems repository;

    @BeforeEach
    void setUp() {
        provisioner = new ProfileProvisioner(tables.dynamoDb(), tables.usersTable(), clock, metrics::add);
        repository = tables.items();
    }

    @Test
    void provision_withPendingReservation_createsProfileAndConfirmsTheGuard() {
        reservePending("ann@example.com", "ann-user", T0.plus(Duration.ofHours(24)));
        clock.advance(Duration.ofMinutes(5));

        ProvisionResult result = provisioner.provision(ANN, CONTEXT);

        assertThat(result.created()).isTrue();
        UserProfile profile = repository.findProfile("sub-ann").orElseThrow();
        assertThat(profile).isEqualTo(result.profile());
        assertThat(profile.email()).isEqualTo("ann@example.com");
        assertThat(profile.givenName()).isEqualTo("Ann");
        assertThat(profile.familyName()).isEqualTo("Lee");
        assertThat(profile.displayName()).isEqualTo("Ann Lee");
        assertThat(profile.status()).isEqualTo(UserStatus.ACTIVE);
        assertThat(profile.roles()).isEmpty();
        assertThat(profile.version()).isEqualTo(1);
        assertThat(profile.createdAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));

        EmailReservation guard = repository.findReservation("ann@example.com").orElseThrow();
        assertThat(guard.state()).isEqualTo(EmailReservation.State.CONFIRMED);
        assertThat(guard.userId()).isEqualTo("sub-ann");
        assertThat(guard.userName()).isEqualTo("ann-user");
        assertThat(guard.expiresAt()).isNull();
        assertThat(guard.confirmedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));

        assertThat(tables.item(UserProfile.key("sub-ann"))).containsEntry(ChangeContext.CHANGED_BY,
                AttributeValue.fromS("system:post-confirmation")).containsEntry(ChangeContext.CORRELATION_ID,
                AttributeValue.fromS("req-1"));
        assertThat(tables.item(EmailReservation.key("ann@example.com"))).containsEntry(ChangeContext.CORRELATION_ID,
                AttributeValue.fromS("req-1")).doesNotContainKey(EmailReservation.EXPIRES_AT);
        assertThat(metrics).isEmpty();
    }

    @Test
    void provision_retried_returnsTheFirstProfileAndWritesNothingNew() {
        reservePending("ann@example.com", "ann-user", T0.plus(Duration.ofHours(24)));
        UserProfile first = provisioner.provision(ANN, CONTEXT).profile();
        clock.advance(Duration.ofMinutes(1));

        ProvisionResult again = provisioner.provision(ANN, ChangeContext.system("post-confirmation", "req-2"));

        assertThat(again.created()).isFalse();
        assertThat(again.profile()).isEqualTo(first);
        assertThat(tables.item(UserProfile.key("sub-ann")).get(ChangeContext.CORRELATION_ID).s()).isEqualTo("req-1");
        assertThat(tables.itemCount()).isEqualTo(2);
    }

    @Test
    void provision_concurrentDuplicates_allSucceedAndLeaveExactlyOneProfile() throws Exception {
        reservePending("ann@example.com", "ann-user", T0.plus(Duration.ofHours(24)));
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ProvisionResult>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return provisioner.provision(ANN, CONTEXT);
            }));
        }
        start.countDown();
        List<ProvisionResult> done = new ArrayList<>();
        for (Future<ProvisionResult> result : results) {
            done.add(result.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(done).filteredOn(ProvisionResult::created).hasSize(1);
        assertThat(done).extracting(r -> r.profile().userId()).containsOnly("sub-ann");
        assertThat(tables.itemCount()).isEqualTo(2);
        assertThat(repository.findReservation("ann@example.com").orElseThrow().state())
                .isEqualTo(EmailReservation.State.CONFIRMED);
    }

    @Test
    void provision_withoutReservation_createsConfirmedGuardAndProfile() {
        ProvisionResult result = provisioner.provision(ANN, CONTEXT);

        assertThat(result.created()).isTrue();
        EmailReservation guard = repository.findReservation("ann@example.com").orElseThrow();
        assertThat(guard.state()).isEqualTo(EmailReservation.State.CONFIRMED);
        assertThat(guard.userId()).isEqualTo("sub-ann");
        assertThat(guard.userName()).isEqualTo("ann-user");
        assertThat(guard.expiresAt()).isNull();
        assertThat(repository.findProfile("sub-ann")).isPresent();
        assertThat(tables.item(EmailReservation.key("ann@example.com")).get(ChangeContext.CHANGED_BY).s())
                .isEqualTo("system:post-confirmation");
    }

    @Test
    void provision_whenAnotherSignUpsReservationExpired_claimsTheAddress() {
        reservePending("ann@example.com", "someone-else", T0.minusSeconds(1));

        ProvisionResult result = provisioner.provision(ANN, CONTEXT);

        assertThat(result.created()).isTrue();
        EmailReservation guard = repository.findReservation("ann@example.com").orElseThrow();
        assertThat(guard.userId()).isEqualTo("sub-ann");
        assertThat(guard.userName()).isEqualTo("ann-user");
    }

    @Test
    void provision_whenAnotherUserOwnsTheAddress_failsLoudlyAndWritesNothing() {
        EmailReservation owned = new EmailReservation("ann@example.com", EmailReservation.State.CONFIRMED,
                EmailReservation.Purpose.SIGN_UP, "other-user", "sub-other", T0, null, T0);
        put(owned.toItem());

        assertThatThrownBy(() -> provisioner.provision(ANN, CONTEXT))
                .isInstanceOf(EmailHeldByAnotherUserException.class)
                .hasMessage("An account with this email already exists");

        assertThat(repository.findReservation("ann@example.com")).contains(owned);
        assertThat(repository.findProfile("sub-ann")).isEmpty();
        assertThat(metrics).containsExactly(SignUpMetrics.EMAIL_HELD_BY_ANOTHER_USER);
    }

    @Test
    void provision_whenAnotherSignUpHoldsAnUnexpiredReservation_failsLoudlyAndWritesNothing() {
        EmailReservation pending = reservePending("ann@example.com", "someone-else", T0.plusSeconds(60));

        assertThatThrownBy(() -> provisioner.provision(ANN, CONTEXT))
                .isInstanceOf(EmailHeldByAnotherUserException.class);

        assertThat(repository.findReservation("ann@example.com")).contains(pending);
        assertThat(repository.findProfile("sub-ann")).isEmpty();
        assertThat(metrics).containsExactly(SignUpMetrics.EMAIL_HELD_BY_ANOTHER_USER);
    }

    @Test
    void provision_whenProfileExistsButGuardIsAnothers_returnsTheProfileUntouched() {
        UserProfile existing = UserProfile.builder().userId("sub-ann").email("ann@example.com").createdAt(T0).build();
        put(existing.toItem());
        put(new EmailReservation("ann@example.com", EmailReservation.State.CONFIRMED,
                EmailReservation.Purpose.SIGN_UP, "other-user", "sub-other", T0, null, T0).toItem());

        ProvisionResult result = provisioner.provision(ANN, CONTEXT);

        assertThat(result.created()).isFalse();
        assertThat(result.profile().userId()).isEqualTo("sub-ann");
        assertThat(repository.findReservation("ann@example.com").orElseThrow().userId()).isEqualTo("sub-other");
    }

    @Test
    void provision_withInvalidEmail_throwsAndWritesNothing() {
        NewUser noEmail = new NewUser("u", "sub-u", "not-an-address", null, null);

        assertThatThrownBy(() -> provisioner.provision(noEmail, CONTEXT)).isInstanceOf(InvalidEmailException.class);
        assertThat(tables.itemCount()).isZero();
    }

    @Test
    void prime_writesNothing() {
        provisioner.prime();

        assertThat(tables.itemCount()).isZero();
    }

    private EmailReservation reservePending(String email, String userName, Instant expiresAt) {
        EmailReservation reservation = new EmailReservation(email, EmailReservation.State.PENDING,
                EmailReservation.Purpose.SIGN_UP, userName, null, T0.minus(Duration.ofHours(1)), expiresAt, null);
        put(reservation.toItem());
        return reservation;
    }

    private void put(Map<String, AttributeValue> item) {
        tables.users().put(item);
    }
}
