package dev.userbase.core.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.testing.StoredItems;
import dev.userbase.core.signup.NewUser;
import dev.userbase.core.signup.ProfileProvisioner;
import dev.userbase.core.signup.SignUpMetrics;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.testing.MutableClock;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** The backfill of an existing pool against the embedded engine, with Cognito's ListUsers paging faked. */
class PoolBackfillIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private static final String POOL = "eu-west-1_Ab12Cd34E";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final ChangeContext CONTEXT = ChangeContext.system("backfill", "run-1");

    private final MutableClock clock = MutableClock.at(T0);
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final List<String> metrics = new CopyOnWriteArrayList<>();
    private final PagedPool pool = new PagedPool();

    @Test
    void run_provisionsConfirmedAndFederatedUsers_countsTheRest_andTwoRunsCreateNothingTwice() {
        for (int i = 0; i < 130; i++) {
            pool.add(user("user-" + i, "sub-" + i, "User" + i + "@Example.com", UserStatusType.CONFIRMED, true));
        }
        pool.add(user("Google_1234", "sub-google", "fed@example.com", UserStatusType.EXTERNAL_PROVIDER, true));
        pool.add(user("unconfirmed", "sub-u", "u@example.com", UserStatusType.UNCONFIRMED, true));
        pool.add(user("reset", "sub-r", "r@example.com", UserStatusType.FORCE_CHANGE_PASSWORD, true));
        pool.add(user("disabled", "sub-d", "d@example.com", UserStatusType.CONFIRMED, false));
        pool.add(user("bad-email", "sub-b", "not-an-address", UserStatusType.CONFIRMED, true));
        // a user who signed up the normal way already has a profile
        provisioner().provision(new NewUser("user-3", "sub-3", "user3@example.com", null, null), CONTEXT);
        // someone else owns user-7's address
        tables.users().put(new EmailReservation("user7@example.com", EmailReservation.State.CONFIRMED,
                EmailReservation.Purpose.SIGN_UP, "other", "sub-other", T0, null, T0).toItem());

        BackfillReport first = backfill().run(POOL, () -> true, CONTEXT);

        assertThat(first).isEqualTo(new BackfillReport(129, 1, 1, 2, 1, 1, 3, true));
        assertThat(profiles()).isEqualTo(130);
        assertThat(repository().findProfile("sub-google")).isPresent();
        assertThat(repository().findProfile("sub-u")).isEmpty();
        assertThat(repository().findProfile("sub-7")).isEmpty();
        assertThat(metrics).containsExactly(SignUpMetrics.EMAIL_HELD_BY_ANOTHER_USER);
        assertThat(pool.requests).allSatisfy(r -> assertThat(r.limit()).isEqualTo(60));

        clock.advance(Duration.ofHours(1));
        BackfillReport second = backfill().run(POOL, () -> true, CONTEXT);

        assertThat(second).isEqualTo(new BackfillReport(0, 130, 1, 2, 1, 1, 3, true));
        assertThat(profiles()).isEqualTo(130);
    }

    @Test
    void run_stoppedByItsBudget_resumesFromTheCheckpointWithTheCountsSoFar() {
        for (int i = 0; i < 150; i++) {
            pool.add(user("user-" + i, "sub-" + i, "user" + i + "@example.com", UserStatusType.CONFIRMED, true));
        }
        AtomicInteger pagesAllowed = new AtomicInteger(1);

        BackfillReport partial = backfill().run(POOL, () -> pagesAllowed.decrementAndGet() > 0, CONTEXT);

        assertThat(partial).isEqualTo(new BackfillReport(60, 0, 0, 0, 0, 0, 1, false));
        BackfillCheckpoint checkpoint = repository().get(BackfillCheckpoint.key(POOL), BackfillCheckpoint::fromItem)
                .orElseThrow();
        assertThat(checkpoint.paginationToken()).isEqualTo("page-1");
        assertThat(checkpoint.finished()).isFalse();

        BackfillReport rest = backfill().run(POOL, () -> true, CONTEXT);

        assertThat(rest).isEqualTo(new BackfillReport(150, 0, 0, 0, 0, 0, 3, true));
        assertThat(pool.requests.get(1).paginationToken()).isEqualTo("page-1");
        assertThat(profiles()).isEqualTo(150);
        assertThat(repository().get(BackfillCheckpoint.key(POOL), BackfillCheckpoint::fromItem).orElseThrow()
                .finished()).isTrue();
    }

    @Test
    void throttledListUsers_isWaitedOutWithGrowingBackoff() {
        pool.add(user("user-1", "sub-1", "user1@example.com", UserStatusType.CONFIRMED, true));
        pool.throttleNext = 3;

        BackfillReport report = backfill().run(POOL, () -> true, CONTEXT);

        assertThat(report.created()).isEqualTo(1);
        assertThat(waits).hasSize(3);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(waits.get(2)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void throttledBeyondTheLimit_failsAsUnavailable_andKeepsTheCheckpoint() {
        pool.add(user("user-1", "sub-1", "user1@example.com", UserStatusType.CONFIRMED, true));
        pool.throttleNext = 100;

        assertThatThrownBy(() -> backfill().run(POOL, () -> true, CONTEXT))
                .isInstanceOf(UserServiceException.class)
                .hasMessageContaining("run the backfill again");
        assertThat(waits).hasSize(7); // eight tries a page
        assertThat(profiles()).isZero();
    }

    private PoolBackfill backfill() {
        return new PoolBackfill(pool, provisioner(), tables.dynamoDb(), tables.usersTable(), clock, waits::add);
    }

    private ProfileProvisioner provisioner() {
        return new ProfileProvisioner(tables.dynamoDb(), tables.usersTable(), clock, metrics::add);
    }

    private static UserType user(String userName, String sub, String email, UserStatusType status, boolean enabled) {
        return UserType.builder().username(userName).userStatus(status).enabled(enabled)
                .attributes(AttributeType.builder().name("sub").value(sub).build(),
                        AttributeType.builder().name("email").value(email).build())
                .build();
    }

    private static StoredItems repository() {
        return tables.items();
    }

    private static long profiles() {
        return tables.dynamoDb().scan(ScanRequest.builder().tableName(tables.usersTable()).consistentRead(true).build())
                .items().stream().filter(item -> item.get("sk").s().equals("PROFILE")).count();
    }

    /** ListUsers over a fixed list, pages of {@code limit}, tokens {@code page-N}, with throttling on request. */
    private static final class PagedPool implements CognitoIdentityProviderClient {
        final List<UserType> users = new ArrayList<>();
        final List<ListUsersRequest> requests = new CopyOnWriteArrayList<>();
        int throttleNext;

        void add(UserType user) {
            users.add(user);
        }

        @Override
        public ListUsersResponse listUsers(ListUsersRequest request) {
            if (throttleNext > 0) {
                throttleNext--;
                throw TooManyRequestsException.builder().message("Too many requests").statusCode(429).build();
            }
            requests.add(request);
            int page = request.paginationToken() == null ? 0 : Integer.parseInt(request.paginationToken().substring(5));
            int from = page * request.limit();
            int to = Math.min(users.size(), from + request.limit());
            return ListUsersResponse.builder().users(users.subList(from, to))
                    .paginationToken(to < users.size() ? "page-" + (page + 1) : null).build();
        }

        @Override
        public String serviceName() {
            return "cognito-idp";
        }

        @Override
        public void close() {
        }
    }
}
