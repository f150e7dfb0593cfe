package dev.userbase.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.model.EmailReservation.Purpose;
import dev.userbase.core.model.EmailReservation.State;
import dev.userbase.core.testing.StoredItems;
import dev.userbase.core.storage.Cancellation;
import dev.userbase.core.storage.TransactionRunner;
import dev.userbase.core.testing.LocalTables;

/** The email reservation's rules, once, as the engine applies them. */
class EmailReservationsIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final ChangeContext CONTEXT = new ChangeContext("system:test", "corr-1");

    private EmailReservations reservations;
    private StoredItems repository;
    private TransactionRunner transactions;
    private String email;

    @BeforeEach
    void setUp() {
        reservations = new EmailReservations(tables.dynamoDb(), tables.usersTable());
        repository = tables.items();
        transactions = tables.transactions();
        email = "ann-" + System.nanoTime() + "@example.com";
    }

    private EmailReservation pending(String userName, Instant expiresAt) {
        return new EmailReservation(email, State.PENDING, Purpose.SIGN_UP, userName, null, NOW, expiresAt, null);
    }

    private EmailReservation confirmed(String userId) {
        return new EmailReservation(email, State.CONFIRMED, Purpose.SIGN_UP, "user-" + userId, userId, NOW, null, NOW);
    }

    @Test
    void reservePending_freeAddress_isReserved() {
        assertThat(reservations.reservePending(pending("ann", NOW.plusSeconds(600)), NOW, CONTEXT)).isEmpty();

        assertThat(repository.findReservation(email)).hasValueSatisfying(r -> {
            assertThat(r.state()).isEqualTo(State.PENDING);
            assertThat(r.userName()).isEqualTo("ann");
        });
    }

    @Test
    void reservePending_sameUserNameAgain_holds_otherUserName_isRefusedWithTheHolder() {
        reservations.reservePending(pending("ann", NOW.plusSeconds(600)), NOW, CONTEXT);

        assertThat(reservations.reservePending(pending("ann", NOW.plusSeconds(900)), NOW.plusSeconds(1), CONTEXT)).isEmpty();
        assertThat(reservations.reservePending(pending("bob", NOW.plusSeconds(900)), NOW.plusSeconds(1), CONTEXT))
                .hasValueSatisfying(holder -> assertThat(holder.userName()).isEqualTo("ann"));
        assertThat(repository.findReservation(email).map(EmailReservation::userName)).contains("ann");
    }

    @Test
    void reservePending_expiredPendingOfAnother_isTakenOver() {
        reservations.reservePending(pending("ann", NOW.plusSeconds(60)), NOW, CONTEXT);

        assertThat(reservations.reservePending(pending("bob", NOW.plusSeconds(900)), NOW.plusSeconds(60), CONTEXT)).isEmpty();
        assertThat(repository.findReservation(email).map(EmailReservation::userName)).contains("bob");
    }

    @Test
    void reservePending_confirmedAddress_isRefused_evenLongAfter() {
        transactions.commitOrThrow(List.of(reservations.claim(confirmed("sub-ann"), NOW, CONTEXT)));

        Optional<EmailReservation> holder = reservations.reservePending(pending("bob", NOW.plusSeconds(600)),
                NOW.plus(Duration.ofDays(400)), CONTEXT);
        assertThat(holder).hasValueSatisfying(h -> assertThat(h.userId()).isEqualTo("sub-ann"));
    }

    @Test
    void confirm_ownPending_thenAgain_holds_andRemovesTheTtl() {
        reservations.reservePending(pending("ann", NOW.plusSeconds(600)), NOW, CONTEXT);

        assertThat(transactions.commit(List.of(reservations.confirm(email, "ann", "sub-ann", NOW, CONTEXT)))).isEmpty();
        assertThat(transactions.commit(List.of(reservations.confirm(email, "ann", "sub-ann", NOW, CONTEXT)))).isEmpty();

        EmailReservation stored = repository.findReservation(email).orElseThrow();
        assertThat(stored.state()).isEqualTo(State.CONFIRMED);
        assertThat(stored.userId()).isEqualTo("sub-ann");
        assertThat(stored.expiresAt()).isNull();
        assertThat(stored.confirmedAt()).isEqualTo(NOW);
    }

    @Test
    void confirm_anotherSignUpsPending_orAnotherUsersAddress_orNoGuard_isRefused() {
        assertThat(transactions.commit(List.of(reservations.confirm(email, "ann", "sub-ann", NOW, CONTEXT))))
                .hasValueSatisfying(c -> assertThat(c.conditionFailedAt(0)).isTrue());

        reservations.reservePending(pending("bob", NOW.plusSeconds(600)), NOW, CONTEXT);
        assertThat(transactions.commit(List.of(reservations.confirm(email, "ann", "sub-ann", NOW, CONTEXT))))
                .hasValueSatisfying(c -> assertThat(c.onlyConditionsFailed()).isTrue());

        transactions.commitOrThrow(List.of(reservations.confirm(email, "bob", "sub-bob", NOW, CONTEXT)));
        assertThat(transactions.commit(List.of(reservations.confirm(email, "bob", "sub-ann", NOW, CONTEXT))))
                .map(Cancellation::onlyConditionsFailed).contains(true);
        assertThat(repository.findReservation(email).map(EmailReservation::userId)).contains("sub-bob");
    }

    @Test
    void claim_freeOrExpiredPending_holds_unexpiredPending_isRefused() {
        reservations.reservePending(pending("bob", NOW.plusSeconds(60)), NOW, CONTEXT);

        assertThat(transactions.commit(List.of(reservations.claim(confirmed("sub-ann"), NOW.plusSeconds(59), CONTEXT))))
                .hasValueSatisfying(c -> assertThat(c.conditionFailedAt(0)).isTrue());
        assertThat(transactions.commit(List.of(reservations.claim(confirmed("sub-ann"), NOW.plusSeconds(60), CONTEXT))))
                .isEmpty();
        assertThat(repository.findReservation(email).map(EmailReservation::userId)).contains("sub-ann");

        assertThat(transactions.commit(List.of(reservations.claim(confirmed("sub-bob"), NOW.plusSeconds(61), CONTEXT))))
                .hasValueSatisfying(c -> assertThat(c.conditionFailedAt(0)).isTrue());
    }

    @Test
    void emailChange_reserve_again_confirm_thenReleaseOwned() {
        Instant expires = NOW.plusSeconds(600);
        transactions.commitOrThrow(List.of(reservations.reserveForChange(email, "sub-ann", NOW, expires, CONTEXT)));
        // the same user's repeated request holds; another user's is refused while it is not expired
        assertThat(transactions.commit(List.of(reservations.reserveForChange(email, "sub-ann", NOW.plusSeconds(1), expires, CONTEXT))))
                .isEmpty();
        assertThat(transactions.commit(List.of(reservations.reserveForChange(email, "sub-bob", NOW.plusSeconds(2), expires, CONTEXT))))
                .isPresent();
        // another user cannot confirm it, nor can its owner once it expired
        assertThat(transactions.commit(List.of(reservations.confirmChange(email, "sub-bob", NOW, CONTEXT)))).isPresent();
        assertThat(transactions.commit(List.of(reservations.confirmChange(email, "sub-ann", expires, CONTEXT)))).isPresent();

        assertThat(transactions.commit(List.of(reservations.confirmChange(email, "sub-ann", NOW.plusSeconds(3), CONTEXT)))).isEmpty();
        EmailReservation stored = repository.findReservation(email).orElseThrow();
        assertThat(stored.state()).isEqualTo(State.CONFIRMED);
        assertThat(stored.expiresAt()).isNull();
        // a confirmed address is no longer a pending change to release, and only its owner releases it
        assertThat(reservations.releaseExpiredChange(email, "sub-ann")).isFalse();
        assertThat(transactions.commit(List.of(reservations.releaseOwned(email, "sub-bob")))).isPresent();
        assertThat(transactions.commit(List.of(reservations.releaseOwned(email, "sub-ann")))).isEmpty();
        assertThat(repository.findReservation(email)).isEmpty();
    }

    @Test
    void emailChange_expiredReservation_isTakenOverByAnother_andReleasedOnlyByItsOwner() {
        transactions.commitOrThrow(List.of(reservations.reserveForChange(email, "sub-ann", NOW, NOW.plusSeconds(60), CONTEXT)));

        assertThat(transactions.commit(List.of(reservations.releasePendingChange(email, "sub-bob")))).isPresent();
        assertThat(transactions.commit(List.of(reservations.reserveForChange(email, "sub-bob", NOW.plusSeconds(60),
                NOW.plusSeconds(600), CONTEXT)))).isEmpty();
        assertThat(reservations.releaseExpiredChange(email, "sub-ann")).isFalse();
        assertThat(reservations.releaseExpiredChange(email, "sub-bob")).isTrue();
        assertThat(repository.findReservation(email)).isEmpty();
    }

    @Test
    void emailChange_cannotTakeASignUpsUnexpiredPending() {
        reservations.reservePending(pending("ann", NOW.plusSeconds(600)), NOW, CONTEXT);

        assertThat(transactions.commit(List.of(reservations.reserveForChange(email, "sub-bob", NOW, NOW.plusSeconds(600), CONTEXT))))
                .hasValueSatisfying(c -> assertThat(c.conditionFailedAt(0)).isTrue());
    }
}
