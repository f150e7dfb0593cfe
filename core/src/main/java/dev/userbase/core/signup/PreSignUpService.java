package dev.userbase.core.signup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import dev.userbase.core.aws.AwsClients;
import dev.userbase.core.config.FederatedSignUpPolicy;
import dev.userbase.core.config.UsersConfig;
import dev.userbase.core.email.EmailAddress;
import dev.userbase.core.error.ConflictException;
import dev.userbase.core.error.EmailTakenException;
import dev.userbase.core.error.ErrorKind;
import dev.userbase.core.error.UserServiceException;
import dev.userbase.core.model.ChangeContext;
import dev.userbase.core.model.EmailReservation;
import dev.userbase.core.store.EmailReservations;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InternalErrorException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ProviderUserIdentifierType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What happens before Cognito creates a user: the email address is validated and normalised,
 * checked against the domain lists, and reserved for this sign-up.
 *
 * <p>The reservation is a PENDING guard item {@code EMAIL#<normalised>} with a TTL, written on the
 * condition that there is no guard, or an expired PENDING one (DynamoDB deletes expired items
 * lazily, so the condition compares {@code expiresAt} with now itself), or a PENDING one for this
 * same userName (Cognito retries a trigger that timed out). Otherwise the address is taken and
 * the sign-up is refused with {@link EmailTakenException}.
 *
 * <p>A federated sign-up (first sign-in through an external provider) whose address is taken
 * follows {@link FederatedSignUpPolicy}: DENY refuses it; LINK links the federated identity to the
 * native user who owns the address, with {@code AdminLinkProviderForUser}, but only when the
 * address is CONFIRMED to that user, the owner is a native (not federated) user, and the provider
 * says it verified the address; anything else is refused, so an unverified claim to an address can
 * never reach another person's account. The guard keeps naming the native user. Federated users
 * whose provider verified their address are auto-confirmed and auto-verified.
 */
public final class PreSignUpService {

    static final String PRIMING_EMAIL = "priming@priming.invalid";

    private static final Logger LOG = LogManager.getLogger(PreSignUpService.class);

    private final EmailReservations reservations;
    private final Clock clock;
    private final Duration reservationTtl;
    private final EmailDomainPolicy domainPolicy;
    private final FederatedSignUpPolicy federatedPolicy;
    private final String defaultUserPoolId;
    private final Supplier<CognitoIdentityProviderClient> cognito;
    private final SignUpMetrics metrics;

    /**
     * @param cognito called only when a federated identity is to be linked, so a pool that never
     *     links never builds a Cognito client
     */
    public PreSignUpService(DynamoDbClient dynamoDb, UsersConfig config, Clock clock,
            Supplier<CognitoIdentityProviderClient> cognito, SignUpMetrics metrics) {
        this.reservations = new EmailReservations(Objects.requireNonNull(dynamoDb, "dynamoDb"), config.usersTable());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reservationTtl = config.emailReservationTtl();
        this.domainPolicy = EmailDomainPolicy.of(config);
        this.federatedPolicy = config.federatedSignUpPolicy();
        this.defaultUserPoolId = config.userPoolId();
        this.cognito = Objects.requireNonNull(cognito, "cognito");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public static PreSignUpService create(AwsClients clients, Clock clock, SignUpMetrics metrics) {
        return new PreSignUpService(clients.dynamoDb(), clients.config(), clock, clients::cognito, metrics);
    }

    /**
     * Accepts the sign-up (reserving or linking) or throws a {@link UserServiceException} whose
     * message is written for the person signing up.
     *
     * @throws dev.userbase.core.email.InvalidEmailException not an address this service accepts
     * @throws dev.userbase.core.error.InvalidInputException the address's domain is not allowed
     * @throws EmailTakenException the address belongs to, or is reserved by, someone else
     */
    public SignUpDecision preSignUp(SignUpRequest request, ChangeContext context) {
        EmailAddress email = EmailAddress.parse(request.email());
        domainPolicy.check(email);
        boolean federated = request.source() == SignUpSource.EXTERNAL_PROVIDER;
        Optional<EmailReservation> holder = reserve(request.userName(), email.value(), context);
        if (holder.isEmpty()) {
            return SignUpDecision.reserved(federated && request.emailVerified());
        }
        if (federated && federatedPolicy == FederatedSignUpPolicy.LINK) {
            return link(request, holder.get());
        }
        LOG.info("sign-up {} ({}) refused: email address taken ({})",
                request.userName(), request.source(), holder.get().state());
        throw new EmailTakenException();
    }

    /** A conditional write that always fails its condition: exercises the reservation path, writes nothing. */
    public void prime() {
        reservations.prime(PRIMING_EMAIL);
    }

    /** Empty when the address is now reserved for {@code userName}; otherwise the guard that holds it. */
    private Optional<EmailReservation> reserve(String userName, String email, ChangeContext context) {
        Instant now = clock.instant();
        return reservations.reservePending(new EmailReservation(email, EmailReservation.State.PENDING,
                EmailReservation.Purpose.SIGN_UP, userName, null, now, now.plus(reservationTtl), null), now, context);
    }

    private SignUpDecision link(SignUpRequest request, EmailReservation guard) {
        String userName = request.userName();
        if (guard.state() != EmailReservation.State.CONFIRMED || guard.userId() == null) {
            LOG.info("federated sign-up {} refused: the address is reserved by an unconfirmed sign-up", userName);
            throw new EmailTakenException();
        }
        if (!request.emailVerified()) {
            LOG.info("federated sign-up {} not linked: the provider did not verify the email address", userName);
            throw new EmailTakenException();
        }
        FederatedIdentity identity = FederatedIdentity.fromUserName(userName, request.providerSubject())
                .orElseThrow(() -> {
                    LOG.warn("federated sign-up {} not linked: the userName is not <provider>_<subject>", userName);
                    return new EmailTakenException();
                });
        String userPoolId = request.userPoolId() != null ? request.userPoolId() : defaultUserPoolId;
        if (userPoolId == null) {
            LOG.error("federated sign-up {} not linked: no user pool id in the event or in {}",
                    userName, UsersConfig.USER_POOL_ID);
            throw new EmailTakenException();
        }
        try {
            UserType owner = ownerOf(userPoolId, guard.userId()).orElseThrow(() -> {
                LOG.warn("federated sign-up {} not linked: the address's owner {} is not in the user pool",
                        userName, guard.userId());
                return new EmailTakenException();
            });
            if (owner.userStatus() == UserStatusType.EXTERNAL_PROVIDER) {
                LOG.info("federated sign-up {} not linked: the address belongs to federated user {}",
                        userName, guard.userId());
                throw new EmailTakenException();
            }
            cognito.get().adminLinkProviderForUser(b -> b
                    .userPoolId(userPoolId)
                    .destinationUser(ProviderUserIdentifierType.builder()
                            .providerName("Cognito")
                            .providerAttributeValue(owner.username())
                            .build())
                    .sourceUser(ProviderUserIdentifierType.builder()
                            .providerName(identity.providerName())
                            .providerAttributeName(FederatedIdentity.COGNITO_SUBJECT)
                            .providerAttributeValue(identity.subject())
                            .build()));
            metrics.count(SignUpMetrics.FEDERATED_IDENTITY_LINKED);
            LOG.info("linked {} identity of sign-up {} to native user {}",
                    identity.providerName(), userName, guard.userId());
            return SignUpDecision.linked();
        } catch (TooManyRequestsException | LimitExceededException | InternalErrorException e) {
            LOG.warn("federated sign-up {} not linked: Cognito is unavailable", userName, e);
            throw new UserServiceException(ErrorKind.UNAVAILABLE,
                    "Sign-in is temporarily unavailable; please try again", e);
        } catch (CognitoIdentityProviderException e) {
            LOG.error("federated sign-up {} not linked: Cognito refused the link", userName, e);
            throw new ConflictException(EmailTakenException.MESSAGE
                    + "; sign in with your email address and password", e);
        }
    }

    private Optional<UserType> ownerOf(String userPoolId, String sub) {
        // sub is a Cognito-issued id; quotes would break the filter, so refuse anything odd
        if (!sub.matches("[A-Za-z0-9-]{1,128}")) {
            return Optional.empty();
        }
        return cognito.get().listUsers(b -> b
                        .userPoolId(userPoolId)
                        .filter("sub = \"" + sub + "\"")
                        .limit(1))
                .users().stream().findFirst();
    }
}
