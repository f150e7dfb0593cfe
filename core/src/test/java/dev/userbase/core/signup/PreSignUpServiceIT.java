package dev.userbase.core.signup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.email.InvalidEmailException;
import dev.userbase.core.error.ConflictException;
import dev.userbase.core.error.EmailTakenException;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.testing.StoredItems;
import dev.userbase.core.testing.FakeCognito;
import dev.userbase.core.testing.LocalTables;
import dev.userbase.testing.MutableClock;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminLinkProviderForUserRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** PreSignUp's reservation and federated policy against DynamoDB Local, Cognito faked. */
class PreSignUpServiceIT {

    @RegisterExtension
    static final LocalTables tables = new LocalTables();

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final ChangeContext CONTEXT = ChangeContext.system("pre-sign-up", "req-1");
    private static final String POOL = "eu-west-1_Pool";

    private final MutableClock clock = MutableClock.at(T0);
    private final FakeCognito cognito = new FakeCognito();
    private final List<String> metrics = new CopyOnWriteArrayList<>();

    @Test
    void preSignUp_reservesTheNormalisedAddressAsPendingWithTtl() {
        SignUpDecision decision = service(Map.of()).preSignUp(signUp("ann-user", "  Ann@Example.COM "), CONTEXT);

        assertThat(decision).isEqualTo(new SignUpDecision(SignUpDecision.Outcome.RESERVED, false, false));
        EmailReservation guard = annsReservation();
        assertThat(guard).isEqualTo(new EmailReservation("ann@example.com", EmailReservation.State.PENDING,
                EmailReservation.Purpose.SIGN_UP, "ann-user", null, T0, T0.plus(Duration.ofHours(24)), null));
        assertThat(raw("ann@example.com").get(ChangeContext.CHANGED_BY).s()).isEqualTo("system:pre-sign-up");
    }

    @Test
    void preSignUp_sameAddressInAnotherCase_isRefused() {
        PreSignUpService service = serviceWithAnnsReservation();

        assertThatThrownBy(() -> service.preSignUp(signUp("other-user", "ANN@example.com"), CONTEXT))
                .isInstanceOf(EmailTakenException.class)
                .hasMessage("An account with this email already exists");
        assertThat(annsReservation().userName()).isEqualTo("ann-user");
    }

    @Test
    void preSignUp_retriedForTheSameUserName_succeedsAndKeepsOneReservation() {
        PreSignUpService service = serviceWithAnnsReservation();
        clock.advance(Duration.ofSeconds(3));

        service.preSignUp(signUp("ann-user", "ann@example.com"), CONTEXT);

        assertThat(tables.itemCount()).isEqualTo(1);
        assertThat(annsReservation().userName()).isEqualTo("ann-user");
    }

    @Test
    void preSignUp_afterTheReservationExpired_takesItOver() {
        PreSignUpService service = serviceWithAnnsReservation();
        clock.advance(Duration.ofHours(24));

        service.preSignUp(signUp("other-user", "ann@example.com"), CONTEXT);

        EmailReservation guard = annsReservation();
        assertThat(guard.userName()).isEqualTo("other-user");
        assertThat(guard.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(48)));
    }

    @Test
    void preSignUp_justBeforeTheReservationExpires_isRefused() {
        PreSignUpService service = serviceWithAnnsReservation();
        clock.advance(Duration.ofHours(24).minusSeconds(1));

        assertThatThrownBy(() -> service.preSignUp(signUp("other-user", "ann@example.com"), CONTEXT))
                .isInstanceOf(EmailTakenException.class);
    }

    @Test
    void preSignUp_confirmedAddress_isRefusedEvenAfterTheTtl() {
        put(confirmedGuard("ann@example.com", "ann-user", "sub-ann"));
        clock.advance(Duration.ofDays(400));

        assertThatThrownBy(() -> service(Map.of()).preSignUp(signUp("other-user", "ann@example.com"), CONTEXT))
                .isInstanceOf(EmailTakenException.class);
    }

    @Test
    void preSignUp_reservationTtl_comesFromTheConfiguration() {
        service(Map.of(UsersConfig.EMAIL_RESERVATION_TTL_HOURS, "2")).preSignUp(signUp("ann-user", "ann@example.com"), CONTEXT);

        assertThat(annsReservation().expiresAt())
                .isEqualTo(T0.plus(Duration.ofHours(2)));
    }

    @Test
    void preSignUp_invalidAddress_isRefusedWithAReadableMessageAndNothingWritten() {
        assertThatThrownBy(() -> service(Map.of()).preSignUp(signUp("ann-user", "ann.example.com"), CONTEXT))
                .isInstanceOf(InvalidEmailException.class)
                .hasMessage("Email address must contain exactly one '@'");
        assertThatThrownBy(() -> service(Map.of()).preSignUp(signUp("ann-user", null), CONTEXT))
                .isInstanceOf(InvalidEmailException.class)
                .hasMessage("An email address is required");
        assertThat(tables.itemCount()).isZero();
    }

    @Test
    void preSignUp_domainLists_areApplied() {
        PreSignUpService service = service(Map.of(
                UsersConfig.EMAIL_DOMAIN_ALLOWLIST, "example.com, corp.test",
                UsersConfig.EMAIL_DOMAIN_DENYLIST, "old.example.com"));

        service.preSignUp(signUp("a", "a@example.com"), CONTEXT);
        service.preSignUp(signUp("b", "b@eu.corp.test"), CONTEXT);
        assertThatThrownBy(() -> service.preSignUp(signUp("c", "c@old.example.com"), CONTEXT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Sign-up is not open to email addresses at old.example.com");
        assertThatThrownBy(() -> service.preSignUp(signUp("d", "d@elsewhere.org"), CONTEXT))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Sign-up is not open to email addresses at elsewhere.org");
        assertThat(tables.itemCount()).isEqualTo(2);
    }

    @Test
    void federated_withAFreeVerifiedAddress_isReservedAutoConfirmedAndAutoVerified() {
        SignUpDecision decision = service(Map.of()).preSignUp(federated("Google_1234", "ann@example.com", true), CONTEXT);

        assertThat(decision).isEqualTo(new SignUpDecision(SignUpDecision.Outcome.RESERVED, true, true));
        assertThat(annsReservation().userName()).isEqualTo("Google_1234");
        assertThat(cognito.listUsersCalls()).isEmpty();
    }

    @Test
    void federated_withAFreeUnverifiedAddress_isReservedButNotAutoConfirmed() {
        SignUpDecision decision = service(Map.of()).preSignUp(federated("Google_1234", "ann@example.com", false), CONTEXT);

        assertThat(decision).isEqualTo(new SignUpDecision(SignUpDecision.Outcome.RESERVED, false, false));
    }

    @Test
    void federatedLink_toTheConfirmedNativeOwner_linksAndLeavesTheGuardWithTheNativeUser() {
        EmailReservation owned = confirmedGuard("ann@example.com", "ann-native", "sub-ann");
        put(owned);
        cognito.user("ann-native", "sub-ann", UserStatusType.CONFIRMED);

        SignUpDecision decision = service(Map.of()).preSignUp(federated("google_1234", "Ann@Example.com", true), CONTEXT);

        assertThat(decision).isEqualTo(SignUpDecision.linked());
        assertThat(cognito.links()).containsExactly(AdminLinkProviderForUserRequest.builder()
                .userPoolId(POOL)
                .destinationUser(b -> b.providerName("Cognito").providerAttributeValue("ann-native"))
                .sourceUser(b -> b.providerName("Google").providerAttributeName("Cognito_Subject")
                        .providerAttributeValue("1234"))
                .build());
        assertThat(repository().findReservation("ann@example.com")).contains(owned);
        assertThat(metrics).containsExactly(SignUpMetrics.FEDERATED_IDENTITY_LINKED);
    }

    @Test
    void federatedLink_usesTheMappedProviderSubjectWhenGiven() {
        put(confirmedGuard("ann@example.com", "ann-native", "sub-ann"));
        cognito.user("ann-native", "sub-ann", UserStatusType.CONFIRMED);
        SignUpRequest request = new SignUpRequest(SignUpSource.EXTERNAL_PROVIDER, POOL,
                "loginwithamazon_amzn1.account.aexyz", "ann@example.com", true, "amzn1.account.AEXYZ");

        service(Map.of()).preSignUp(request, CONTEXT);

        assertThat(cognito.links()).singleElement().satisfies(link -> {
            assertThat(link.sourceUser().providerName()).isEqualTo("LoginWithAmazon");
            assertThat(link.sourceUser().providerAttributeValue()).isEqualTo("amzn1.account.AEXYZ");
        });
    }

    @Test
    void federatedLink_whenTheProviderDidNotVerifyTheAddress_isRefusedWithoutCallingCognito() {
        put(confirmedGuard("ann@example.com", "ann-native", "sub-ann"));
        cognito.user("ann-native", "sub-ann", UserStatusType.CONFIRMED);

        assertThatThrownBy(() -> service(Map.of()).preSignUp(federated("Google_1234", "ann@example.com", false), CONTEXT))
                .isInstanceOf(EmailTakenException.class);
        assertThat(cognito.listUsersCalls()).isEmpty();
        assertThat(cognito.links()).isEmpty();
    }

    @Test
    void federatedLink_whenTheAddressIsOnlyReservedByAnUnconfirmedSignUp_isRefused() {
        service(Map.of()).preSignUp(signUp("ann-native", "ann@example.com"), CONTEXT);

        assertThatThrownBy(() -> service(Map.of()).preSignUp(federated("Google_1234", "ann@example.com", true), CONTEXT))
                .isInstanceOf(EmailTakenException.class);
        assertThat(cognito.listUsersCalls()).isEmpty();
        assertThat(cognito.links()).isEmpty();
    }

    @Test
    void federatedLink_whenTheOwnerIsItselfFederated_isRefused() {
        put(confirmedGuard("ann@example.com", "facebook_99", "sub-ann"));
        cognito.user("facebook_99", "sub-ann", UserStatusType.EXTERNAL_PROVIDER);

        assertThatThrownBy(() -> service(Map.of()).preSignUp(federated("Google_1234", "ann@example.com", true), CONTEXT))
                .isInstanceOf(EmailTakenException.class);
        assertThat(cognito.links()).isEmpty();
    }

    @Test
    void federatedLink_whenTheOwnerIsNotInThePool_isRefused() {
        put(confirmedGuard("ann@example.com", "ann-native", "sub-gone"));

        assertThatThrownBy(() -> service(Map.of()).preSignUp(federated("Google_1234", "ann@example.com", true), CONTEXT))
                .isInstanceOf(EmailTakenException.class);
        assertThat(cognito.links()).isEmpty();
    }

    @Test
    void federatedLink_whenCognitoRefusesTheLink_saysSoInWordsAUserCanRead() {
        put(confirmedGuard("ann@example.com", "ann-native", "sub-ann"));
        cognito.user("ann-native", "sub-ann", UserStatusType.CONFIRMED)
                .failLinksWith(InvalidParameterException.builder().message("already linked").build());

        assertThatThrownBy(() -> service(Map.of()).preSignUp(federated("Google_1234", "ann@example.com", true), CONTEXT))
                .isInstanceOf(ConflictException.class)
                .hasMessage("An account with this email already exists; sign in with your email address and password");
    }

    @Test
    void federatedLink_whenCognitoThrottles_isReportedAsUnavailable() {
        put(confirmedGuard("ann@example.com", "ann-native", "sub-ann"));
        cognito.user("ann-native", "sub-ann", UserStatusType.CONFIRMED)
                .failLinksWith(TooManyRequestsException.builder().message("slow down").build());

        assertThatThrownBy(() -> service(Map.of()).preSignUp(federated("Google_1234", "ann@example.com", true), CONTEXT))
                .isInstanceOfSatisfying(UserServiceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    }

    @Test
    void federatedDeny_refusesATakenAddressWithoutCallingCognito() {
        put(confirmedGuard("ann@example.com", "ann-native", "sub-ann"));
        cognito.user("ann-native", "sub-ann", UserStatusType.CONFIRMED);

        assertThatThrownBy(() -> service(Map.of(UsersConfig.FEDERATED_SIGNUP_POLICY, "deny"))
                .preSignUp(federated("Google_1234", "ann@example.com", true), CONTEXT))
                .isInstanceOf(EmailTakenException.class);
        assertThat(cognito.listUsersCalls()).isEmpty();
        assertThat(cognito.links()).isEmpty();
    }

    @Test
    void prime_writesNothing() {
        service(Map.of()).prime();

        assertThat(tables.itemCount()).isZero();
    }

    private PreSignUpService service(Map<String, String> settings) {
        return new PreSignUpService(tables.dynamoDb(), tables.config(settings), clock, () -> cognito, metrics::add);
    }

    /** The service with defaults, after ann-user's sign-up reserved ann@example.com (at T0, unless the clock moved). */
    private PreSignUpService serviceWithAnnsReservation() {
        PreSignUpService service = service(Map.of());
        service.preSignUp(signUp("ann-user", "ann@example.com"), CONTEXT);
        return service;
    }

    private static SignUpRequest signUp(String userName, String email) {
        return SignUpRequest.of(SignUpSource.SIGN_UP, POOL, userName, email);
    }

    private static SignUpRequest federated(String userName, String email, boolean verified) {
        return new SignUpRequest(SignUpSource.EXTERNAL_PROVIDER, POOL, userName, email, verified, null);
    }

    private static EmailReservation confirmedGuard(String email, String userName, String sub) {
        return new EmailReservation(email, EmailReservation.State.CONFIRMED, EmailReservation.Purpose.SIGN_UP,
                userName, sub, T0.minus(Duration.ofDays(30)), null, T0.minus(Duration.ofDays(30)));
    }

    private StoredItems repository() {
        return tables.items();
    }

    /** The reservation of ann@example.com, which must exist. */
    private EmailReservation annsReservation() {
        return repository().findReservation("ann@example.com").orElseThrow();
    }

    private void put(EmailReservation reservation) {
        tables.users().put(reservation.toItem());
    }

    private Map<String, AttributeValue> raw(String email) {
        return tables.item(EmailReservation.key(email));
    }
}
